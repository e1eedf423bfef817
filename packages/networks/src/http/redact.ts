/** Removes anything that looks like a credential from text bound for logs or error messages. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join('[redacted]');
  return out
    .replace(/(bearer|basic|dpop)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]')
    .replace(
      /((?:access|refresh)_?token|client_secret|password|app_password|code_verifier)(["']?\s*[:=]\s*["']?)[^"'&\s,}]+/gi,
      '$1$2[redacted]',
    );
}
