// The error type of the reference's file readers and writers (.npy, .safetensors): a stable code plus a message
// that names the file and what is wrong with it. The CLI maps `code` to a diagnostic; nothing here prints.

export class ReferenceIOError extends Error {
  readonly code: string;
  readonly file: string | undefined;

  constructor(code: string, message: string, file?: string) {
    super(message);
    this.name = 'ReferenceIOError';
    this.code = code;
    this.file = file;
  }
}
