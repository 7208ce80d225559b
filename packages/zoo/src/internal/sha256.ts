/** SHA-256 of `bytes` as lower-case hex, through Web Crypto (`crypto.subtle`: browsers, Node >= 19). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new Error('@dl/zoo: crypto.subtle is not available here (a browser needs a secure context: https or localhost)');
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
