/**
 * A calendar document as it arrives (bytes of a .txt, .docx or .pdf) to the text the parser reads.
 * .docx goes through mammoth (as HTML, so Word lists and tables keep their shape), .pdf through
 * unpdf (the text layer; a scan without one is refused). Shared by the API and the CLI.
 */
import { CalendarParseError, decodeDocument } from '../../domain/calendar.ts';

export type DocumentFormat = 'text' | 'docx' | 'pdf';

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean => signature.every((byte, i) => bytes[i] === byte);

/** What the bytes are, by their signature (a file name can lie). */
export const formatOf = (bytes: Uint8Array): DocumentFormat | 'zip' | 'doc' => {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return Buffer.from(bytes).includes('word/document.xml') ? 'docx' : 'zip';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'doc';
  return 'text';
};

export const readCalendarDocument = async (bytes: Uint8Array): Promise<{ format: DocumentFormat; text: string }> => {
  const format = formatOf(bytes);
  if (format === 'doc') throw new CalendarParseError('unsupported-format', 'Tệp .doc (Word 97-2003) chưa được hỗ trợ: hãy lưu lại thành .docx hoặc .pdf');
  if (format === 'zip') throw new CalendarParseError('unsupported-format', 'Tệp nén không phải .docx: hãy gửi .txt, .docx hoặc .pdf');
  if (format === 'docx') {
    try {
      // Loaded on first use: a plain-text import does not pay for the .docx and .pdf readers at cold start.
      const { default: mammoth } = await import('mammoth');
      const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
      return { format, text: value };
    } catch {
      throw new CalendarParseError('unsupported-format', 'Tệp .docx bị hỏng, không đọc được');
    }
  }
  if (format === 'pdf') {
    let text: string;
    try {
      // verbosity 0: pdf.js keeps its warnings about broken files to itself; the refusal says it.
      const { extractText, getDocumentProxy } = await import('unpdf');
      const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
      text = (await extractText(pdf, { mergePages: true })).text;
    } catch {
      throw new CalendarParseError('unsupported-format', 'Tệp .pdf bị hỏng, không đọc được');
    }
    if (!/\p{L}{2,}/u.test(text))
      throw new CalendarParseError('no-text-layer', 'Tệp .pdf không có lớp văn bản (bản quét): hãy gửi bản .docx hoặc .pdf xuất từ Word');
    return { format, text };
  }
  return { format, text: decodeDocument(bytes) };
};
