// Preloaded into the `voices themes` child by bench-themes.ts (methods.ts): reports the process' peak RSS on exit.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
