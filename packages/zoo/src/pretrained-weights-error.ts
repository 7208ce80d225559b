/** Thrown for a weights file that does not match its manifest entry (size or SHA-256), or cannot be read. */
export class PretrainedWeightsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PretrainedWeightsError';
  }
}
