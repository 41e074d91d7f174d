// Time features with timeenc = 1 (embed 'timeF'), as the MoLE / LTSF-Linear / Informer data loaders compute
// them (utils/timefeatures.py, see mole-model.md §2): every feature is a linear map of a calendar field into
// [-0.5, 0.5], and `freq` picks which features, in which order, form the router input.
// This module only turns timestamps into feature vectors; it knows nothing about datasets or windows.

import type { Freq } from '../dsl/config.ts';

export type TimeFeatureName =
  | 'SecondOfMinute'
  | 'MinuteOfHour'
  | 'HourOfDay'
  | 'DayOfWeek'
  | 'DayOfMonth'
  | 'DayOfYear'
  | 'MonthOfYear'
  | 'WeekOfYear';

/** The features pandas' offset for `freq` selects, in GluonTS order. */
export function timeFeatureNames(freq: Freq): TimeFeatureName[] {
  switch (freq) {
    case 'h':
      return ['HourOfDay', 'DayOfWeek', 'DayOfMonth', 'DayOfYear'];
    case 't':
      return ['MinuteOfHour', 'HourOfDay', 'DayOfWeek', 'DayOfMonth', 'DayOfYear'];
    case 's':
      return ['SecondOfMinute', 'MinuteOfHour', 'HourOfDay', 'DayOfWeek', 'DayOfMonth', 'DayOfYear'];
    case 'd':
    case 'b':
      return ['DayOfWeek', 'DayOfMonth', 'DayOfYear'];
    case 'w':
      return ['DayOfMonth', 'WeekOfYear'];
    case 'm':
      return ['MonthOfYear'];
  }
}

/** F, the router input width for input 'time': h→4, t→5, s→6, d/b→3, w→2, m→1. */
export function timeFeatureCount(freq: Freq): number {
  return timeFeatureNames(freq).length;
}

/** Calendar fields of a timestamp, with pandas conventions (Monday = 0, day of year from 1). */
export interface CalendarFields {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
  hour: number;
  minute: number;
  second: number;
  dayOfWeek: number; // Monday = 0 ... Sunday = 6
  dayOfYear: number; // 1..366
  isoWeek: number; // 1..53
}

const TIMESTAMP_PATTERN = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/** Parses 'YYYY-MM-DD HH:MM:SS' (also 'YYYY-MM-DD HH:MM', 'YYYY-MM-DD' and a 'T' separator). */
export function parseTimestamp(text: string): CalendarFields {
  const match = TIMESTAMP_PATTERN.exec(text.trim());
  if (!match) throw new Error(`not a timestamp 'YYYY-MM-DD HH:MM:SS': '${text}'`);
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part))) as [
    number, number, number, number, number, number,
  ];
  const utcMs = Date.UTC(year, month - 1, day);
  const check = new Date(utcMs);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`no such date: '${text}'`);
  }
  if (hour > 23 || minute > 59 || second > 59) throw new Error(`no such time of day: '${text}'`);
  const dayOfWeek = (check.getUTCDay() + 6) % 7; // JS: Sunday = 0; pandas: Monday = 0
  const dayOfYear = Math.round((utcMs - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  return { year, month, day, hour, minute, second, dayOfWeek, dayOfYear, isoWeek: isoWeekNumber(year, dayOfYear, dayOfWeek) };
}

/** ISO-8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
function isoWeekNumber(year: number, dayOfYear: number, dayOfWeek: number): number {
  const week = Math.floor((dayOfYear - dayOfWeek - 1 + 10) / 7);
  if (week < 1) {
    const previousYear = year - 1;
    const previousLength = isLeapYear(previousYear) ? 366 : 365;
    const dec31DayOfWeek = (dayOfWeek - dayOfYear + 7 * 60) % 7; // weekday of Dec 31 of the previous year
    return isoWeekNumber(previousYear, previousLength, dec31DayOfWeek);
  }
  const yearLength = isLeapYear(year) ? 366 : 365;
  if (week === 53) {
    const jan1DayOfWeek = (dayOfWeek - (dayOfYear - 1) + 7 * 60) % 7;
    // A year has 53 ISO weeks iff it starts on Thursday, or on Wednesday in a leap year.
    const has53 = jan1DayOfWeek === 3 || (jan1DayOfWeek === 2 && yearLength === 366);
    if (!has53) return 1;
  }
  return week;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The value of one feature (the GluonTS formula, float64). */
export function timeFeatureValue(name: TimeFeatureName, fields: CalendarFields): number {
  switch (name) {
    case 'SecondOfMinute':
      return fields.second / 59 - 0.5;
    case 'MinuteOfHour':
      return fields.minute / 59 - 0.5;
    case 'HourOfDay':
      return fields.hour / 23 - 0.5;
    case 'DayOfWeek':
      return fields.dayOfWeek / 6 - 0.5;
    case 'DayOfMonth':
      return (fields.day - 1) / 30 - 0.5;
    case 'DayOfYear':
      return (fields.dayOfYear - 1) / 365 - 0.5;
    case 'MonthOfYear':
      return (fields.month - 1) / 11 - 0.5;
    case 'WeekOfYear':
      return (fields.isoWeek - 1) / 52 - 0.5;
  }
}

/** The timeenc=1 feature vector of one timestamp for `freq` (float64; the loaders later cast to float32). */
export function timeFeatures(timestamp: string | CalendarFields, freq: Freq): Float64Array {
  const fields = typeof timestamp === 'string' ? parseTimestamp(timestamp) : timestamp;
  const names = timeFeatureNames(freq);
  const features = new Float64Array(names.length);
  names.forEach((name, i) => {
    features[i] = timeFeatureValue(name, fields);
  });
  return features;
}
