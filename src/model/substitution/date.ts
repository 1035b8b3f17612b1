/**
 * `date:PATTERN`: the current time in a Java date pattern (`yyyy-MM-dd`, `HH:mm:ss.SSS`,
 * `EEE, d MMM yyyy HH:mm:ss Z` …), English names, the time zone of the machine (as a JVM would use).
 * Week fields follow the US rules Java's default locale uses: weeks start on Sunday, and week 1 is
 * the week of January 1st.
 */
import { type LookupDefinition, type LookupEnvironment, LookupError } from './lookup.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface Moment {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number; // 0-23
  minute: number;
  second: number;
  millisecond: number;
  weekday: number; // 0 = Sunday
  offsetMinutes: number;
  zoneShort: string;
  zoneLong: string;
}

function momentOf(date: Date, timeZone: string): Moment {
  const parts = (options: Intl.DateTimeFormatOptions) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, ...options })
        .formatToParts(date)
        .map((part) => [part.type, part.value]),
    );
  const main = parts({
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'long',
    era: 'short',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  });
  const offset = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(main.timeZoneName ?? '');
  const offsetMinutes =
    offset?.[1] === undefined
      ? 0
      : (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
  const year = Number(main.year);
  return {
    year: main.era === 'BC' ? 1 - year : year,
    month: Number(main.month),
    day: Number(main.day),
    hour: Number(main.hour),
    minute: Number(main.minute),
    second: Number(main.second),
    millisecond: date.getUTCMilliseconds(),
    weekday: DAYS.indexOf(main.weekday ?? ''),
    offsetMinutes,
    zoneShort: parts({ timeZoneName: 'short' }).timeZoneName ?? 'GMT',
    zoneLong: parts({ timeZoneName: 'long' }).timeZoneName ?? 'GMT',
  };
}

function dayOfYear(m: Moment): number {
  return (Date.UTC(m.year, m.month - 1, m.day) - Date.UTC(m.year, 0, 1)) / 86_400_000 + 1;
}

/** Week of year and its year, US rules: Sunday-first weeks, week 1 holds January 1st. */
function weekOfYear(m: Moment): { week: number; year: number } {
  const nextJanuary = new Date(Date.UTC(m.year + 1, 0, 1)).getUTCDay();
  const daysLeft = (Date.UTC(m.year + 1, 0, 1) - Date.UTC(m.year, m.month - 1, m.day)) / 86_400_000;
  // The days of December that share a week with next January 1st belong to its week 1.
  if (daysLeft <= nextJanuary) return { week: 1, year: m.year + 1 };
  const january = new Date(Date.UTC(m.year, 0, 1)).getUTCDay();
  return { week: Math.floor((dayOfYear(m) - 1 + january) / 7) + 1, year: m.year };
}

function pad(value: number, width: number): string {
  const text = String(Math.abs(value)).padStart(width, '0');
  return value < 0 ? `-${text}` : text;
}

function offset(minutes: number, colon: boolean, withMinutes = true): string {
  const sign = minutes < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(minutes) / 60), 2);
  const rest = pad(Math.abs(minutes) % 60, 2);
  if (!withMinutes) return `${sign}${hours}`;
  return `${sign}${hours}${colon ? ':' : ''}${rest}`;
}

function field(letter: string, count: number, m: Moment): string {
  const text = (full: string) => (count >= 4 ? full : full.slice(0, 3));
  switch (letter) {
    case 'G':
      return m.year > 0 ? 'AD' : 'BC';
    case 'y':
      return count === 2 ? pad(m.year % 100, 2) : pad(m.year, Math.max(count, 4));
    case 'Y': {
      const year = weekOfYear(m).year;
      return count === 2 ? pad(year % 100, 2) : pad(year, Math.max(count, 4));
    }
    case 'M':
    case 'L':
      return count >= 3 ? text(MONTHS[m.month - 1] as string) : pad(m.month, count);
    case 'w':
      return pad(weekOfYear(m).week, count);
    case 'W': {
      const first = new Date(Date.UTC(m.year, m.month - 1, 1)).getUTCDay();
      return pad(Math.floor((m.day - 1 + first) / 7) + 1, count);
    }
    case 'D':
      return pad(dayOfYear(m), count);
    case 'd':
      return pad(m.day, count);
    case 'F':
      return pad(Math.floor((m.day - 1) / 7) + 1, count);
    case 'E':
      return text(DAYS[m.weekday] as string);
    case 'u':
      return pad(m.weekday === 0 ? 7 : m.weekday, count);
    case 'a':
      return m.hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(m.hour, count);
    case 'k':
      return pad(m.hour === 0 ? 24 : m.hour, count);
    case 'K':
      return pad(m.hour % 12, count);
    case 'h':
      return pad(m.hour % 12 === 0 ? 12 : m.hour % 12, count);
    case 'm':
      return pad(m.minute, count);
    case 's':
      return pad(m.second, count);
    case 'S':
      return pad(m.millisecond, count);
    case 'z':
      return count >= 4 ? m.zoneLong : m.zoneShort;
    case 'Z':
      // Commons Text's FastDateFormat: Z → +0100, ZZ → +01:00 (Z at UTC), ZZZ… → +01:00.
      if (count === 2 && m.offsetMinutes === 0) return 'Z';
      return offset(m.offsetMinutes, count >= 2);
    case 'X':
      if (m.offsetMinutes === 0) return 'Z';
      if (count > 3) throw new LookupError('invalid ISO 8601 zone pattern `XXXX`');
      return offset(m.offsetMinutes, count === 3, count >= 2);
    default:
      throw new LookupError(`illegal pattern character \`${letter}\``);
  }
}

/** Formats `date` by a Java date pattern in `timeZone`. */
export function formatDate(pattern: string, date: Date, timeZone: string): string {
  const m = momentOf(date, timeZone);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i] as string;
    if (char === "'") {
      // `''` is a quote; `'text'` is literal text.
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      let j = i + 1;
      while (j < pattern.length) {
        if (pattern[j] === "'" && pattern[j + 1] === "'") {
          out += "'";
          j += 2;
        } else if (pattern[j] === "'") break;
        else out += pattern[j++];
      }
      // An unterminated quote runs to the end, as in Java.
      i = j + 1;
    } else if (/[A-Za-z]/.test(char)) {
      let count = 1;
      while (pattern[i + count] === char) count++;
      out += field(char, count, m);
      i += count;
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

function date(key: string, environment: LookupEnvironment): string {
  return formatDate(key, environment.now(), environment.host().timeZone);
}

export const DATE_LOOKUPS: readonly LookupDefinition[] = [{ name: 'date', resolve: date }];
