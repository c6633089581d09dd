// The scan service's parser (src/scan/time.ts) is the only time parser; the API reads times through it.
export { parseInstant as parseTime } from '../scan/time.js';
