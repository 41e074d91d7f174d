import { describe, expect, it } from 'vitest';
import { parseTimestamp, timeFeatureCount, timeFeatures } from '../../reference/timefeatures.ts';

const close = (actual: Float64Array, expected: number[], digits = 6) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, digits));
};

describe('time features (timeenc = 1)', () => {
  it('matches the worked examples of mole-model.md §2 for freq h: [Hour, DoW, DoM, DoY]', () => {
    close(timeFeatures('2016-07-01 00:00:00', 'h'), [-0.5, 0.166667, -0.5, -0.00137]); // Friday, ETTh1 row 0
    close(timeFeatures('2017-06-25 00:00:00', 'h'), [-0.5, 0.5, 0.3, -0.020548]); // Sunday
    close(timeFeatures('2016-12-31 23:00:00', 'h'), [0.5, 0.333333, 0.5, 0.5]); // Saturday, leap year end
  });
  it('gives 0.49726 for Dec 31 of a normal year', () => {
    expect(timeFeatures('2017-12-31 00:00:00', 'h')[3]).toBeCloseTo(0.49726, 5);
  });
  it('uses the feature set of each frequency', () => {
    expect([...['h', 't', 's', 'd', 'b', 'w', 'm'] as const].map(timeFeatureCount)).toEqual([4, 5, 6, 3, 3, 2, 1]);
    // 't': [MinuteOfHour, HourOfDay, DoW, DoM, DoY]; 2016-07-01 was a Friday (4), day of year 183.
    close(timeFeatures('2016-07-01 12:59:00', 't'), [0.5, 12 / 23 - 0.5, 4 / 6 - 0.5, -0.5, 182 / 365 - 0.5]);
    close(timeFeatures('2016-07-01 00:00:59', 's'), [0.5, -0.5, -0.5, 4 / 6 - 0.5, -0.5, 182 / 365 - 0.5]);
    close(timeFeatures('2016-07-01', 'm'), [6 / 11 - 0.5]);
    close(timeFeatures('2016-07-01', 'd'), [4 / 6 - 0.5, -0.5, 182 / 365 - 0.5]);
  });
  it('uses ISO weeks for WeekOfYear', () => {
    // 2016-01-01 (Friday) is in ISO week 53 of 2015; 2018-12-31 (Monday) is in ISO week 1 of 2019.
    close(timeFeatures('2016-01-01', 'w'), [-0.5, 0.5]);
    close(timeFeatures('2018-12-31', 'w'), [0.5, -0.5]);
    expect(parseTimestamp('2020-12-31').isoWeek).toBe(53); // 2020 starts on a Wednesday and is a leap year
    expect(parseTimestamp('2021-01-04').isoWeek).toBe(1);
    expect(parseTimestamp('2016-07-01').isoWeek).toBe(26);
  });
  it('rejects malformed timestamps and impossible dates', () => {
    expect(() => timeFeatures('2016/07/01', 'h')).toThrow(/not a timestamp/);
    expect(() => timeFeatures('2017-02-29 00:00:00', 'h')).toThrow(/no such date/);
    expect(() => timeFeatures('2017-02-28 24:00:00', 'h')).toThrow(/no such time/);
  });
});

describe('agreement with the DSL', () => {
  it("the feature vectors have the DSL's timeFeatureCount length for every freq", async () => {
    const dsl = await import('../../dsl/index.ts');
    for (const freq of ['h', 't', 's', 'd', 'b', 'w', 'm'] as const) {
      expect(timeFeatures('2016-07-01 12:30:15', freq).length).toBe(dsl.timeFeatureCount(freq));
    }
  });
});
