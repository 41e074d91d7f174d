"""Forecast ETTh1's first test windows with the generated etth1 module, from Python.

    npx molegen build examples/etth1.ts --python      # prints the PYTHONPATH to use
    PYTHONPATH=molegen-out/etth1-mole-dlinear/build/emulator-python/python \\
        python3 examples/forecast.py ../shared/datasets/ETTh1.csv

Reads the CSV with numpy, scales it with the train split's mean and standard deviation (ETT's
12/4/4-month borders), cuts the first batch of test windows and their hourly time features (as
the official MoLE loader does, timeenc=1), forecasts them on the device (here the emulator) and
prints the MSE against the truth and how the router used the experts. With the example's random
weights the forecast is not a good one; train with `molegen train` and point the config at the
checkpoint for a real one.
"""

import sys

import numpy as np

import etth1_mole_dlinear as mole

HOURS_PER_MONTH = 30 * 24
TRAIN_ROWS = 12 * HOURS_PER_MONTH
TEST_START = TRAIN_ROWS + 4 * HOURS_PER_MONTH


def hourly_time_features(stamps):
    """HourOfDay, DayOfWeek, DayOfMonth, DayOfYear, each mapped into [-0.5, 0.5]."""
    hours = stamps.astype("datetime64[h]")
    days = hours.astype("datetime64[D]")
    hour = (hours - days).astype(int)
    day_of_week = (days.astype(int) + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    day_of_month = (days - days.astype("datetime64[M]")).astype(int) + 1
    day_of_year = (days - days.astype("datetime64[Y]")).astype(int) + 1
    features = [hour / 23, day_of_week / 6, (day_of_month - 1) / 30, (day_of_year - 1) / 365]
    return (np.stack(features, axis=-1) - 0.5).astype(np.float32)


def main(csv_path):
    batch, seq_len, channels = mole.x_shape
    pred_len = mole.y_shape[1]
    values = np.loadtxt(csv_path, delimiter=",", skiprows=1, usecols=range(1, 1 + channels), dtype=np.float64)
    stamps = np.loadtxt(csv_path, delimiter=",", skiprows=1, usecols=0, dtype="datetime64[s]")
    train = values[:TRAIN_ROWS]
    scaled = (values - train.mean(axis=0)) / train.std(axis=0)

    # Test windows reach back seq_len rows into the validation months.
    starts = TEST_START - seq_len + np.arange(batch)
    x = np.stack([scaled[s : s + seq_len] for s in starts]).astype(np.float32)
    truth = np.stack([scaled[s + seq_len : s + seq_len + pred_len] for s in starts])
    marks = np.stack([hourly_time_features(stamps[s : s + seq_len]) for s in starts])  # [B, L, F]

    with mole.Model() as model:
        y = model.forward(x, marks)
        gates = model.gates()

    print(f"{mole.name}: forecast {y.shape} for the test windows starting {stamps[starts[0] + seq_len]}")
    print(f"MSE {np.mean((y - truth) ** 2):.5f}, MAE {np.mean(np.abs(y - truth)):.5f} (scaled space)")
    print("mean gate per expert:", np.round(gates.mean(axis=(0, 1)), 4))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets/ETTh1.csv")
