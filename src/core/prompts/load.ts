/**
 * Loads and validates a prompt file. A bad file fails with the file, the path inside it and the
 * reason, so an organizer editing YAML can fix it without reading code.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ErrorCode, VoicesError } from '../errors.js';
import { type PromptFile, promptFileSchema } from './schema.js';

export function parsePromptFile(source: string, fileName: string): PromptFile {
  const doc = parseDocument(source, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new VoicesError(
      ErrorCode.PromptFileInvalid,
      `${fileName}: YAML syntax error: ${first?.message ?? 'unknown'}`,
      { file: fileName },
    );
  }
  const result = promptFileSchema.safeParse(doc.toJS());
  if (!result.success) {
    const reasons = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new VoicesError(ErrorCode.PromptFileInvalid, `${fileName}: ${reasons.join('; ')}`, {
      file: fileName,
      issues: reasons,
    });
  }
  return result.data;
}

export function loadPromptFile(path: string): PromptFile {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (err) {
    throw new VoicesError(
      ErrorCode.PromptFileInvalid,
      `${path}: cannot read prompt file`,
      { file: path },
      {
        cause: err,
      },
    );
  }
  return parsePromptFile(source, path);
}
