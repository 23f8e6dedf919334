/**
 * A multipart/form-data upload (a browser form, `curl -F document=@plan.docx`): the first file, or
 * a text field named `document`. Parsed with busboy from the whole body (Lambda gets it in one piece).
 */
import busboy from 'busboy';

export interface Upload {
  bytes: Buffer;
  filename?: string;
}

export const readMultipart = (body: Buffer, contentType: string, maxBytes: number): Promise<Upload | null> =>
  new Promise((resolve, reject) => {
    let upload: Upload | null = null;
    let field: Buffer | null = null;
    let tooLarge = false;
    const parser = busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fileSize: maxBytes, fieldSize: maxBytes } });
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        tooLarge = true;
      });
      stream.on('end', () => {
        upload ??= { bytes: Buffer.concat(chunks), filename: info.filename };
      });
    });
    parser.on('field', (name, value) => {
      if (name === 'document') field = Buffer.from(value, 'utf8');
    });
    parser.on('error', reject);
    parser.on('close', () => {
      if (tooLarge) reject(new RangeError('file too large'));
      else resolve(upload ?? (field ? { bytes: field } : null));
    });
    parser.end(body);
  });
