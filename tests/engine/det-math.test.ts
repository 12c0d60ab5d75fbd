import fs from "node:fs";
import path from "node:path";
import stdlibExp from "@stdlib/math-base-special-exp";
import stdlibTanh from "@stdlib/math-base-special-tanh";
import { describe, expect, it } from "vitest";
import * as det from "@/lib/engine/det-math";

/**
 * Golden vectors for the deterministic functions: [input bits, expected result bits] as hex of the float64, computed
 * once with lib/engine/det-math.ts and committed. Any engine, Node version or library upgrade that changes one bit
 * of one of these would change recorded checksums, so it must fail here first. The inputs are the hard cases: ±0,
 * NaN, ±∞, subnormals, near overflow/underflow, huge arguments (sin/cos argument reduction), branch boundaries, and
 * at the end of each list inputs where Node 20's own Math.sin/cos/tanh round differently from msun.
 */
/** sin and cos share their hard inputs: [input, sin, cos] bits. */
const TRIG: [string, string, string][] = [
  ["0000000000000000", "0000000000000000", "3ff0000000000000"], // 0
  ["8000000000000000", "8000000000000000", "3ff0000000000000"], // -0
  ["3ff0000000000000", "3feaed548f090cee", "3fe14a280fb5068c"], // 1
  ["bff0000000000000", "bfeaed548f090cee", "3fe14a280fb5068c"], // -1
  ["3fe0000000000000", "3fdeaee8744b05f0", "3fec1528065b7d50"], // 0.5
  ["400921fb54442d18", "3ca1a62633145c07", "bff0000000000000"], // 3.141592653589793
  ["3ff921fb54442d18", "3ff0000000000000", "3c91a62633145c07"], // 1.5707963267948966
  ["3fe921fb54442d18", "3fe6a09e667f3bcc", "3fe6a09e667f3bcd"], // 0.7853981633974483
  ["3fe921fb54442d18", "3fe6a09e667f3bcc", "3fe6a09e667f3bcd"], // 0.7853981633974483
  ["3e30000000000000", "3e30000000000000", "3ff0000000000000"], // 3.725290298461914e-9
  ["3e40000000000000", "3e40000000000000", "3ff0000000000000"], // 7.450580596923828e-9
  ["0000000000000001", "0000000000000001", "3ff0000000000000"], // 5e-324
  ["01a56e1fc2f8f359", "01a56e1fc2f8f359", "3ff0000000000000"], // 1e-300
  ["401921fb54442d18", "bcb1a62633145c07", "3ff0000000000000"], // 6.283185307179586
  ["4059000000000000", "bfe03425b78c4db8", "3feb981dbf665fdf"], // 100
  ["4086300000000000", "3f0f9bd0303f6faf", "3fefffffff063930"], // 710
  ["412e848000000000", "bfd6664b2568d867", "3fedf9df9906d32c"], // 1000000
  ["4480f0cf064dd592", "bfeb453ab76bf397", "3fe0be2cef01c8f4"], // 1e+22
  ["7e37e43c8800759c", "bfea2c16b010e385", "bfe2699022adc4c1"], // 1e+300
  ["7fefffffffffffff", "3f7452fc98b34e97", "bfefffe62ecfab75"], // 1.7976931348623157e+308
  ["c480f0cf064dd592", "3feb453ab76bf397", "3fe0be2cef01c8f4"], // -1e+22
  ["7ff0000000000000", "7ff8000000000000", "7ff8000000000000"], // Infinity
  ["fff0000000000000", "7ff8000000000000", "7ff8000000000000"], // -Infinity
  ["7ff8000000000000", "7ff8000000000000", "7ff8000000000000"], // NaN
];

const GOLDEN: Record<"exp" | "ln" | "log1p" | "sin" | "cos" | "tanh" | "sigmoid", [string, string][]> = {
  exp: [
    ["0000000000000000", "3ff0000000000000"], // 0
    ["8000000000000000", "3ff0000000000000"], // -0
    ["3ff0000000000000", "4005bf0a8b14576a"], // 1
    ["bff0000000000000", "3fd78b56362cef38"], // -1
    ["3fe0000000000000", "3ffa61298e1e069c"], // 0.5
    ["3fe62e42fefa39ef", "4000000000000000"], // 0.6931471805599453
    ["3cb0000000000000", "3ff0000000000001"], // 2.220446049250313e-16
    ["3e30000000000000", "3ff0000001000000"], // 3.725290298461914e-9
    ["be30000000000000", "3feffffffe000000"], // -3.725290298461914e-9
    ["01a56e1fc2f8f359", "3ff0000000000000"], // 1e-300
    ["0000000000000001", "3ff0000000000000"], // 5e-324
    ["8000000000000001", "3ff0000000000000"], // -5e-324
    ["4024000000000000", "40d5829dcf950560"], // 10
    ["c024000000000000", "3f07cd79b5647c9a"], // -10
    ["40562e42feba39ef", "47efffffdffffff5"], // 88.72283905206835
    ["4059000000000000", "48f3494a9b171bf5"], // 100
    ["4085e00000000000", "7f0d945df4f8ec8e"], // 700
    ["40862e42fefa39ef", "7fefffffffffff2a"], // 709.782712893384
    ["40862e42fefa39f0", "7ff0000000000000"], // 709.7827128933841
    ["40862e51eb851eb8", "7ff0000000000000"], // 709.79
    ["4086300000000000", "7ff0000000000000"], // 710
    ["c085e00000000000", "00d14f2b0fb9307f"], // -700
    ["c086232bdd7abcd2", "001000000000007c"], // -708.3964185322641
    ["c086233333333333", "000ff15b469edf89"], // -708.4
    ["c087200000000000", "0000000000000055"], // -740
    ["c0874910d52d3051", "0000000000000000"], // -745.1332191019411
    ["c0874910d52d3052", "0000000000000000"], // -745.1332191019412
    ["c087500000000000", "0000000000000000"], // -746
    ["7fe1ccf385ebc8a0", "7ff0000000000000"], // 1e+308
    ["ffe1ccf385ebc8a0", "0000000000000000"], // -1e+308
    ["7ff0000000000000", "7ff0000000000000"], // Infinity
    ["fff0000000000000", "0000000000000000"], // -Infinity
    ["7ff8000000000000", "7ff8000000000000"], // NaN
  ],
  ln: [
    ["3ff0000000000000", "0000000000000000"], // 1
    ["4000000000000000", "3fe62e42fefa39ef"], // 2
    ["3fe0000000000000", "bfe62e42fefa39ef"], // 0.5
    ["4005bf0a8b145769", "3ff0000000000000"], // 2.718281828459045
    ["4024000000000000", "40026bb1bbb55516"], // 10
    ["3fefffffffffffff", "bca0000000000000"], // 0.9999999999999999
    ["3ff0000000000001", "3cafffffffffffff"], // 1.0000000000000002
    ["01a56e1fc2f8f359", "c085963447f87fb5"], // 1e-300
    ["0010000000000000", "c086232bdd7abcd2"], // 2.2250738585072014e-308
    ["000fffffffffffff", "c086232bdd7abcd2"], // 2.225073858507201e-308
    ["0000000000000001", "c0874385446d71c3"], // 5e-324
    ["7fefffffffffffff", "40862e42fefa39ef"], // 1.7976931348623157e+308
    ["3fe6a09e667f3bcd", "bfd62e42fefa39ee"], // 0.7071067811865476
    ["3ff6a09e667f3bcd", "3fd62e42fefa39f0"], // 1.4142135623730951
    ["3f1a36e2eb1c432d", "c0226bb1bbb55515"], // 0.0001
    ["0000000000000000", "fff0000000000000"], // 0
    ["8000000000000000", "fff0000000000000"], // -0
    ["bff0000000000000", "7ff8000000000000"], // -1
    ["7ff0000000000000", "7ff0000000000000"], // Infinity
    ["fff0000000000000", "7ff8000000000000"], // -Infinity
    ["7ff8000000000000", "7ff8000000000000"], // NaN
  ],
  log1p: [
    ["0000000000000000", "0000000000000000"], // 0
    ["8000000000000000", "8000000000000000"], // -0
    ["3ff0000000000000", "3fe62e42fefa39ef"], // 1
    ["bfe0000000000000", "bfe62e42fefa39ef"], // -0.5
    ["bfefffffffffffff", "c0425e4f7b2737fa"], // -0.9999999999999999
    ["bff0000000000000", "fff0000000000000"], // -1
    ["bff8000000000000", "7ff8000000000000"], // -1.5
    ["01a56e1fc2f8f359", "01a56e1fc2f8f359"], // 1e-300
    ["0000000000000001", "0000000000000001"], // 5e-324
    ["8000000000000001", "8000000000000001"], // -5e-324
    ["3c9cd2b297d889bc", "3c9cd2b297d889bc"], // 1e-16
    ["3ca0000000000000", "3ca0000000000000"], // 1.1102230246251565e-16
    ["3e30000000000000", "3e2fffffff000000"], // 3.725290298461914e-9
    ["bfd2bec333018866", "bfd62e42fefa39ee"], // -0.2928932188134524
    ["3fda827999fcef32", "3fd62e42fefa39ef"], // 0.41421356237309503
    ["3fda827999fcef33", "3fd62e42fefa39f0"], // 0.4142135623730951
    ["7e37e43c8800759c", "4085963447f87fb5"], // 1e+300
    ["7fefffffffffffff", "40862e42fefa39ef"], // 1.7976931348623157e+308
    ["4340000000000000", "40425e4f7b2737fa"], // 9007199254740992
    ["7ff0000000000000", "7ff0000000000000"], // Infinity
    ["fff0000000000000", "7ff8000000000000"], // -Infinity
    ["7ff8000000000000", "7ff8000000000000"], // NaN
  ],
  sin: [
    ...TRIG.map(([x, sin]): [string, string] => [x, sin]),
    ["c00fca7be7400000", "3fe7a9b42fe3f795"], // -3.973869139328599
    ["bff473cb46800000", "bfeea3fdaa866f6d"], // -1.2782700303941965
    ["400243a1a7800000", "3fe83898185c27b7"], // 2.283023174852133
    ["bffca966a4800000", "bfef398c1175e39b"], // -1.7913576532155275
  ],
  cos: [
    ...TRIG.map(([x, , cos]): [string, string] => [x, cos]),
    ["400db9fdde800000", "bfeade1ec74af7c5"], // 3.7158162482082844
    ["4007a2103a400000", "bfef707b74383d7d"], // 2.9541325140744448
    ["400e509853400000", "bfe9849afd717043"], // 3.789353037253022
    ["400ed77962800000", "bfe831221a807cab"], // 3.855211991816759
  ],
  tanh: [
    ["0000000000000000", "0000000000000000"], // 0
    ["8000000000000000", "8000000000000000"], // -0
    ["3ff0000000000000", "3fe85efab514f394"], // 1
    ["bff0000000000000", "bfe85efab514f394"], // -1
    ["3fe0000000000000", "3fdd9353d7568af3"], // 0.5
    ["3fb999999999999a", "3fb983d7795f413a"], // 0.1
    ["3fe3ffffffffffff", "3fe1bf47eabb8f94"], // 0.6249999999999999
    ["3fe4000000000000", "3fe1bf47eabb8f96"], // 0.625
    ["bfe4000000000000", "bfe1bf47eabb8f96"], // -0.625
    ["3fe4000000000001", "3fe1bf47eabb8f96"], // 0.6250000000000001
    ["4000000000000000", "3feed9505e1bc3d4"], // 2
    ["400c000000000000", "3feff112c63a9077"], // 3.5
    ["4024000000000000", "3feffffffdc96f35"], // 10
    ["40330fc1931f09ca", "3ff0000000000000"], // 19.061547465398498
    ["4034000000000000", "3ff0000000000000"], // 20
    ["4036000000000000", "3ff0000000000000"], // 22
    ["404601e678fc457b", "3ff0000000000000"], // 44.014845965556525
    ["404601e678fc457c", "3ff0000000000000"], // 44.01484596555653
    ["40460ccccccccccd", "3ff0000000000000"], // 44.1
    ["4086300000000000", "3ff0000000000000"], // 710
    ["7e37e43c8800759c", "3ff0000000000000"], // 1e+300
    ["fe37e43c8800759c", "bff0000000000000"], // -1e+300
    ["3e45798ee2308c3a", "3e45798ee2308c3a"], // 1e-8
    ["3e30000000000000", "3e30000000000000"], // 3.725290298461914e-9
    ["01a56e1fc2f8f359", "01a56e1fc2f8f359"], // 1e-300
    ["0000000000000001", "0000000000000001"], // 5e-324
    ["8000000000000001", "8000000000000001"], // -5e-324
    ["0010000000000000", "0010000000000000"], // 2.2250738585072014e-308
    ["7ff0000000000000", "3ff0000000000000"], // Infinity
    ["fff0000000000000", "bff0000000000000"], // -Infinity
    ["7ff8000000000000", "7ff8000000000000"], // NaN
    ["3fe4c4f43b000000", "3fe245d5eaa20d74"], // 0.6490422394126654
    ["bfda60497a000000", "bfd8fa4cd5fa4051"], // -0.4121268931776285
    ["bfc65f6e98000000", "bfc625cf7e634014"], // -0.17478735372424126
    ["bfec977a6a000000", "bfe6d1d3dc96d93d"], // -0.8934909887611866
  ],
  sigmoid: [
    ["0000000000000000", "3fe0000000000000"], // 0
    ["8000000000000000", "3fe0000000000000"], // -0
    ["3ff0000000000000", "3fe764d4f5d5a2bd"], // 1
    ["bff0000000000000", "3fd136561454ba86"], // -1
    ["4042000000000000", "3feffffffffffffe"], // 36
    ["4042800000000000", "3ff0000000000000"], // 37
    ["c042800000000000", "3c9898471fca6055"], // -37
    ["4086280000000000", "3ff0000000000000"], // 709
    ["4086300000000000", "3ff0000000000000"], // 710
    ["c086280000000000", "0008bfe55de02338"], // -709
    ["c086300000000000", "00033802fd28b3c3"], // -710
    ["c087480000000000", "0000000000000000"], // -745
    ["c087500000000000", "0000000000000000"], // -746
    ["01a56e1fc2f8f359", "3fe0000000000000"], // 1e-300
    ["7ff0000000000000", "3ff0000000000000"], // Infinity
    ["fff0000000000000", "0000000000000000"], // -Infinity
    ["7ff8000000000000", "7ff8000000000000"], // NaN
  ],
};

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const bits = (x: number): string => {
  f64[0] = x;
  return u32[1].toString(16).padStart(8, "0") + u32[0].toString(16).padStart(8, "0");
};
const fromBits = (hex: string): number => {
  u32[1] = parseInt(hex.slice(0, 8), 16);
  u32[0] = parseInt(hex.slice(8), 16);
  return f64[0];
};

describe("deterministic math: golden vectors", () => {
  it.each(Object.keys(GOLDEN) as (keyof typeof GOLDEN)[])("%s reproduces every stored bit", (name) => {
    const fn = det[name];
    const wrong: string[] = [];
    for (const [input, expected] of GOLDEN[name]) {
      const x = fromBits(input);
      const got = fn(x);
      // NaN payloads are not observable in a checksum-relevant way; any NaN is the NaN.
      const ok = Number.isNaN(fromBits(expected)) ? Number.isNaN(got) : bits(got) === expected;
      if (!ok) wrong.push(`${name}(${Object.is(x, -0) ? "-0" : x}) = ${bits(got)}, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
    expect(GOLDEN[name].length).toBeGreaterThan(15);
  });
});

describe("deterministic math: implementation checks", () => {
  it.each([
    ["tanh", det.tanh, stdlibTanh, [0.7, 3, 50, 1e-6, 1e10]],
    ["exp", det.exp, stdlibExp, [1e-9, 0.5, 30, 700, 720]],
  ] as const)("the written-out %s returns exactly stdlib's bits", (_name, mine, theirs, scales) => {
    let seed = 987654321;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const wrong: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      // Spread over every branch: tiny, the polynomial/rational ranges, near overflow and subnormal results.
      const x = (random() - 0.5) * 2 * scales[i % scales.length];
      if (bits(mine(x)) !== bits(theirs(x))) wrong.push(x);
    }
    for (const x of [708, 708.9999, 709, -708, -707.9999, -708.0001, 2 ** -28, -(2 ** -28), 0.625, 44.01484596555653])
      if (bits(mine(x)) !== bits(theirs(x))) wrong.push(x);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it("stays within 2 ulp of the runtime's Math.* (a sanity check of the table, not the definition)", () => {
    let seed = 4242;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const pairs: [keyof typeof GOLDEN, (x: number) => number, () => number][] = [
      ["exp", Math.exp, () => (random() - 0.5) * 60],
      ["ln", Math.log, () => random() * 100],
      ["log1p", Math.log1p, () => random() * 5 - 0.99],
      ["sin", Math.sin, () => (random() - 0.5) * 20],
      ["cos", Math.cos, () => (random() - 0.5) * 20],
      ["tanh", Math.tanh, () => (random() - 0.5) * 10],
    ];
    const far: string[] = [];
    for (const [name, reference, draw] of pairs)
      for (let i = 0; i < 20_000; i++) {
        const x = draw();
        const want = reference(x);
        const got = det[name](x);
        if (!(Math.abs(got - want) <= 2 * Number.EPSILON * Math.max(Math.abs(want), 2 ** -1022))) far.push(`${name}(${x}) = ${got}, Math: ${want}`);
      }
    expect(far.slice(0, 5)).toEqual([]);
  });

  it("the stdlib packages use no Math.* elementary function inside (they would not be deterministic)", () => {
    const root = path.join(process.cwd(), "node_modules/@stdlib");
    const offenders: string[] = [];
    for (const pkg of fs.readdirSync(root)) {
      const lib = path.join(root, pkg, "lib");
      if (!fs.existsSync(lib)) continue;
      for (const file of fs.readdirSync(lib).filter((f) => f.endsWith(".js") && f !== "native.js")) {
        const code = fs.readFileSync(path.join(lib, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
        if (/Math\.(exp|log|log1p|log2|log10|tanh|sinh|cosh|sin|cos|tan|asin|acos|atan|atan2|pow|hypot|cbrt|expm1)\b|\*\*/.test(code))
          offenders.push(`${pkg}/lib/${file}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
