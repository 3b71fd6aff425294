"""
Produces the backtesting.py 0.6.6 figures that test/backtest/libHelpers.test.ts expects.
Not run by the tests (backtesting.py is not a dependency): run it by hand with backtesting.py 0.6.6 on
PYTHONPATH (its plotting module may be a stub, nothing here plots) and Debian's pandas 1.5.3:
    PYTHONPATH=/path/to/backtesting.py-0.6.6 /usr/bin/python3 test/backtest/backtesting_lib_reference.py CASE
With pandas 1.5, backtesting.py 0.6.6's `_stats.py` must read its period aliases 'ME'/'YE' as 'M'/'A'
(they are newer than pandas 1.5); only the "fractional" case (monthly BTCUSD) reaches them.
Prints JSON; floats as repr strings so no bit is lost.
"""
import json
import sys
import warnings

import numpy as np
import pandas as pd
from backtesting import Backtest, Strategy
from backtesting.lib import FractionalBacktest, SignalStrategy, TrailingStrategy, crossover, resample_apply
from backtesting.test import BTCUSD, EURUSD, GOOG, SMA

warnings.simplefilter('ignore')


def floats(values):
    return [repr(float(v)) for v in values]


def stats_of(stats):
    out = {}
    for k, v in stats.items():
        if k.startswith('_'):
            continue
        if isinstance(v, (int, float, np.floating, np.integer)):
            out[k] = repr(float(v))
    return out


def trades_of(trades):
    return {col: floats(trades[col]) if trades[col].dtype.kind in 'fiu' else None for col in trades.columns}


class SmaCross(Strategy):  # as backtesting.py's test suite defines it
    fast = 10
    slow = 30

    def init(self):
        self.sma1 = self.I(SMA, self.data.Close, self.fast)
        self.sma2 = self.I(SMA, self.data.Close, self.slow)

    def next(self):
        if crossover(self.sma1, self.sma2):
            self.position.close()
            self.buy()
        elif crossover(self.sma2, self.sma1):
            self.position.close()
            self.sell()


def bbands(close, n):
    s = pd.Series(close)
    mid = s.rolling(n).mean()
    sd = s.rolling(n).std()
    return mid + 2 * sd, mid, mid - 2 * sd


class SmaBands(Strategy):
    def init(self):
        self.ma = self.I(SMA, self.data.Close, 10)
        self.bands = self.I(bbands, self.data.Close, 20)

    def next(self):
        if crossover(self.data.Close, self.bands[0]):
            self.position.close()
            self.sell()
        elif crossover(self.bands[2], self.data.Close):
            self.position.close()
            self.buy()


class Signals(SignalStrategy):
    def init(self):
        super().init()
        sma = self.data.Close.s.rolling(10).mean()
        self.set_signal(self.data.Close > sma, self.data.Close < sma)


class SignalsPortion(SignalStrategy):
    def init(self):
        super().init()
        fast = self.data.Close.s.rolling(10).mean()
        slow = self.data.Close.s.rolling(30).mean()
        entry = np.where(fast > slow, 0.5, np.where(fast < slow, -0.5, 0.0))
        entry = pd.Series(entry).diff().fillna(0).values  # enter on changes only
        exit_portion = np.where(entry > 0, -0.5, np.where(entry < 0, 0.5, 0.0))
        self.set_signal(entry, exit_portion)


class Trailing(TrailingStrategy):
    def init(self):
        super().init()
        self.set_atr_periods(40)
        self.set_trailing_pct(.1)
        self.set_trailing_sl(3)
        self.sma = self.I(lambda: self.data.Close.s.rolling(10).mean())

    def next(self):
        super().next()
        if not self.position and self.data.Close > self.sma:
            self.buy()


class TrailingDefault(TrailingStrategy):
    def init(self):
        super().init()
        self.set_trailing_sl(2.5)
        self.sma = self.I(lambda: self.data.Close.s.rolling(20).mean())

    def next(self):
        super().next()
        if not self.position and self.data.Close > self.sma:
            self.buy()
        elif not self.position and self.data.Close < self.sma:
            self.sell()


class DailySma(Strategy):
    def init(self):
        self.daily = resample_apply('D', SMA, self.data.Close, 10)
        self.hourly = self.I(SMA, self.data.Close, 24)

    def next(self):
        if crossover(self.hourly, self.daily):
            self.position.close()
            self.buy()
        elif crossover(self.daily, self.hourly):
            self.position.close()
            self.sell()


def outside_strategy(fn):
    # resample_apply looks 4 frames up for a Strategy; called from the module's top it would run out of frames.
    def a():
        def b():
            def c():
                return fn()
            return c()
        return b()
    return a()


def run(case):
    if case == 'multi':
        stats = Backtest(GOOG, SmaBands, finalize_trades=True).run()
        return {'stats': stats_of(stats), 'trades': trades_of(stats._trades), 'columns': list(stats._trades.columns),
                'equity': floats(stats._equity_curve.Equity)}
    if case == 'signal':
        stats = Backtest(GOOG, Signals).run()
        return {'stats': stats_of(stats), 'columns': list(stats._trades.columns)}
    if case == 'signalPortion':
        stats = Backtest(GOOG, SignalsPortion, finalize_trades=True).run()
        return {'stats': stats_of(stats), 'trades': trades_of(stats._trades), 'columns': list(stats._trades.columns)}
    if case == 'trailing':
        stats = Backtest(GOOG, Trailing).run()
        return {'stats': stats_of(stats), 'trades': trades_of(stats._trades)}
    if case == 'trailingDefault':
        stats = Backtest(GOOG, TrailingDefault, finalize_trades=True, commission=.002).run()
        return {'stats': stats_of(stats), 'trades': trades_of(stats._trades)}
    if case == 'fractional':
        bt = FractionalBacktest(BTCUSD['2015':], SmaCross, fractional_unit=1 / 1e6, cash=100, finalize_trades=True)
        stats = bt.run(fast=2, slow=3)
        return {'stats': stats_of(stats), 'trades': trades_of(stats._trades), 'columns': list(stats._trades.columns)}
    if case == 'resample':
        res = outside_strategy(lambda: resample_apply('D', SMA, EURUSD.Close, 10))
        return {'name': res.name, 'values': floats(res.values)}
    if case == 'resample4h':
        res = outside_strategy(lambda: resample_apply('4H', SMA, EURUSD.Close, 3))
        return {'values': floats(res.values)}
    if case == 'resampleW':
        res = outside_strategy(lambda: resample_apply('W', SMA, GOOG.Close, 4))
        return {'values': floats(res.values)}
    if case == 'resampleStrategy':
        stats = Backtest(EURUSD, DailySma, finalize_trades=True).run()
        return {'stats': stats_of(stats), 'trades': trades_of(stats._trades), 'columns': list(stats._trades.columns)}
    raise SystemExit(f'unknown case {case}')


print(json.dumps(run(sys.argv[1])))
