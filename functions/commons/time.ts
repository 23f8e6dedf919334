/** Kept for files not yet switched: Vietnam time lives in domain/vietnam-time.ts (import it from there). */
export { toVietnamIso, vietnamDate } from '../../domain/vietnam-time.ts';
