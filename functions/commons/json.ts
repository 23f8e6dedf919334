/**
 * JSON.parse keeps the last of two equal keys without a word. A body that says `"th_pupils"` twice
 * is ambiguous, so it is refused: this scanner walks the raw text (already known to be valid JSON)
 * and returns the path of every key that repeats inside its object.
 */
export const duplicateKeys = (text: string): string[] => {
  interface Frame {
    kind: 'object' | 'array';
    keys: Set<string>;
    path: string;
    /** In an object: the next string is a key. */
    expectKey: boolean;
    /** The key (or index) of the value being read. */
    current: string;
    index: number;
  }
  const found: string[] = [];
  const stack: Frame[] = [];
  const childPath = (frame: Frame | undefined): string => {
    if (!frame) return '';
    const part = frame.kind === 'object' ? frame.current : String(frame.index);
    return frame.path ? `${frame.path}.${part}` : part;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack.at(-1);
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) found.push(top.path ? `${top.path}.${key}` : key);
        top.keys.add(key);
        top.current = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      stack.push({ kind: c === '{' ? 'object' : 'array', keys: new Set(), path: childPath(top), expectKey: c === '{', current: '', index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',' && top) {
      if (top.kind === 'object') top.expectKey = true;
      else top.index++;
    }
  }
  return found;
};
