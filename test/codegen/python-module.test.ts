// The Python module's import name follows the config name and is always a Python identifier; every
// generated project carries the binding source and the CMake option that builds it.

import { describe, expect, it } from 'vitest';
import { defineMoLE, experts, router, sharding, target, weights } from '../../dsl/index.ts';
import { cppStringLiteral, pythonModuleName } from '../../generator/emit/python-module.ts';
import { configFromObject } from '../../generator/load/index.ts';
import { compileProject, loadWeights } from '../../generator/pipeline.ts';

describe('pythonModuleName', () => {
  it.each([
    ['etth1-mole-dlinear', 'etth1_mole_dlinear'],
    ['weather.rlinear_v2', 'weather_rlinear_v2'],
    ['2024-model', 'm_2024_model'],
    ['class', 'class_'],
    ['None', 'None_'],
  ])('%s → %s', (name, expected) => {
    expect(pythonModuleName(name)).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  it('C++ string literals escape quotes and backslashes', () => {
    expect(cppStringLiteral('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});

describe('generated project', () => {
  it('has host/python_module.cpp for the config and a MOLEGEN_PYTHON option building it', () => {
    const config = defineMoLE({
      name: '7-day.forecast',
      input: { seqLen: 96, channels: 3 },
      predLen: 24,
      batch: 2,
      experts: experts.dlinear({ count: 2 }),
      router: router.mlp({ input: 'stats' }),
      target: target.wormhole({ grid: [1, 1] }),
      sharding: sharding.interleaved(),
      weights: weights.random({ seed: 1 }),
    });
    const loaded = configFromObject(config);
    const files = compileProject(loaded, loadWeights(loaded)).files;
    const text = (p: string) => files.find((f) => f.path === p)!.contents.toString();
    expect(text('host/python_module.cpp')).toContain('PYBIND11_MODULE(m_7_day_forecast, module)');
    expect(text('host/python_module.cpp')).toContain('constexpr const char* kModelName = "7-day.forecast";');
    const cmake = text('CMakeLists.txt');
    expect(cmake).toContain('option(MOLEGEN_PYTHON "Also build the Python module m_7_day_forecast (pybind11)" OFF)');
    expect(cmake).toContain('pybind11_add_module(m_7_day_forecast MODULE host/python_module.cpp host/model.cpp)');
  });
});
