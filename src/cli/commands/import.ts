/**
 * `voices import FILE`: offline voices (kitchen-table notes, paper forms) into the same store as
 * live replies, scrubbed the same way. The work is in `import-file.ts`, loaded when the command runs
 * (the scrubber's lexicons and the store are not needed to start `voices`).
 */
import type { Command } from 'commander';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'import offline voices from CSV or JSONL (text required; id, participant, prompt, group, date, language optional)',
    )
    .argument(
      '<file>',
      'a .csv or .tsv (header row; commas, semicolons or tabs), .jsonl, or .json array (as `voices export` writes)',
    )
    .option('--format <format>', 'csv, jsonl or json (default: from the file extension)')
    .action(async (file: string, options: { format?: string }) => {
      const [{ openCliContext }, { importFile }] = await Promise.all([
        import('../context.js'),
        import('./import-file.js'),
      ]);
      const ctx = await openCliContext();
      try {
        const report = await importFile(ctx, file, options.format);
        process.stdout.write(
          `imported ${report.imported} rows, ${report.alreadyPresent} already present, ${report.rejected.length} rejected\n`,
        );
        for (const r of report.rejected.slice(0, 200))
          process.stdout.write(`  line ${r.line}: ${r.reason}\n`);
        if (report.rejected.length > 200)
          process.stdout.write(`  … and ${report.rejected.length - 200} more\n`);
        if (report.warnings.length > 0)
          process.stdout.write(`${report.warnings.length} warning(s), rows stored anyway:\n`);
        for (const w of report.warnings.slice(0, 200))
          process.stdout.write(`  line ${w.line}: ${w.message}\n`);
        if (report.warnings.length > 200)
          process.stdout.write(`  … and ${report.warnings.length - 200} more\n`);
        if (report.rejected.length > 0) process.exitCode = 2;
      } finally {
        await ctx.close();
      }
    });
}
