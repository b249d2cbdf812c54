// numpy's .npy file format (numpy/lib/format.py, format version 1.0): a magic string, a
// little-endian uint16 header length, a Python-dict header (`descr`, `fortran_order`, `shape`)
// padded with spaces to a multiple of 64 bytes and ended by a newline, then the raw data.
// Encoding writes dprog's dtypes; decoding reads every fixed-size numeric and bool dtype numpy
// writes, converting those dprog lacks as JAX (without x64) does: narrow integers and int64 to
// int32, uint64 and narrow unsigned to uint32, float16 to float32.
import type { DType, TypedArray } from "../../jaxpr/index.js";
import { TYPED_ARRAY } from "../../jaxpr/index.js";
import { ValueError } from "../core/errors.js";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const ALIGN = 64;

const DESCR: Record<DType, string> = {
  float32: "<f4", float64: "<f8", int32: "<i4", uint32: "<u4", bool: "|b1", complex64: "<c8", complex128: "<c16",
  int8: "|i1", int16: "<i2", uint8: "|u1", uint16: "<u2", float16: "<f2", bfloat16: "",
  float8_e4m3fn: "", float8_e4m3fnuz: "", float8_e5m2: "", float8_e5m2fnuz: "",
  int2: "", int4: "", uint2: "", uint4: "",
};

/** The .npy bytes of a C-ordered buffer of `shape` and `dtype`. */
export function encodeNpy(data: TypedArray, shape: readonly number[], dtype: DType): Uint8Array {
  // numpy has no bfloat16, float8 or 2- and 4-bit integers (ml_dtypes adds them, as void types .npy readers cannot interpret).
  if (DESCR[dtype] === "") throw new TypeError(`np.save: the .npy format has no ${dtype}; convert with astype(np.float32) first.`);
  // float16 is held in a Float32Array: written as its binary16 bits.
  if (dtype === "float16") data = Uint16Array.from(data, numberToFloat16Bits);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += " ".repeat((ALIGN - (unpadded % ALIGN)) % ALIGN) + "\n";
  const headerBytes = new TextEncoder().encode(header);
  const bytes = new Uint8Array(MAGIC.length + 4 + headerBytes.length + data.byteLength);
  bytes.set(MAGIC, 0);
  bytes[6] = 1;
  bytes[7] = 0;
  new DataView(bytes.buffer).setUint16(8, headerBytes.length, true);
  bytes.set(headerBytes, 10);
  // Typed arrays are in the platform's byte order; every platform JS runs on is little-endian.
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + headerBytes.length);
  return bytes;
}

export interface DecodedNpy {
  readonly data: TypedArray;
  readonly shape: number[];
  readonly dtype: DType;
}

type Reader = (view: DataView, offset: number, littleEndian: boolean) => number;
interface Descr {
  readonly dtype: DType;
  readonly size: number;
  readonly read: Reader;
}

/** numpy type codes (kind + item size) dprog reads, and the dtype each becomes. */
const DESCRS: Record<string, Descr> = {
  f8: { dtype: "float64", size: 8, read: (v, o, le) => v.getFloat64(o, le) },
  f4: { dtype: "float32", size: 4, read: (v, o, le) => v.getFloat32(o, le) },
  f2: { dtype: "float16", size: 2, read: (v, o, le) => float16ToNumber(v.getUint16(o, le)) },
  i4: { dtype: "int32", size: 4, read: (v, o, le) => v.getInt32(o, le) },
  i2: { dtype: "int16", size: 2, read: (v, o, le) => v.getInt16(o, le) },
  i1: { dtype: "int8", size: 1, read: (v, o) => v.getInt8(o) },
  i8: { dtype: "int32", size: 8, read: (v, o, le) => Number(BigInt.asIntN(32, v.getBigInt64(o, le))) },
  u4: { dtype: "uint32", size: 4, read: (v, o, le) => v.getUint32(o, le) },
  u2: { dtype: "uint16", size: 2, read: (v, o, le) => v.getUint16(o, le) },
  u1: { dtype: "uint8", size: 1, read: (v, o) => v.getUint8(o) },
  u8: { dtype: "uint32", size: 8, read: (v, o, le) => Number(BigInt.asUintN(32, v.getBigUint64(o, le))) },
  b1: { dtype: "bool", size: 1, read: (v, o) => (v.getUint8(o) !== 0 ? 1 : 0) },
};

/** The binary16 bits of a value that float16 holds exactly. */
function numberToFloat16Bits(x: number): number {
  if (x !== x) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | Math.round(a * 2 ** 24);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return sign | ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024);
}

function float16ToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const notNpy = (why: string): never => {
  throw new ValueError(`Failed to interpret file as a pickle or .npy file: ${why}`);
};

/** Parses the header dict numpy writes (a Python literal with three known keys). */
function parseHeader(text: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) return notNpy(`header is not a valid .npy header: ${JSON.stringify(text.trim())}`);
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const n = Number(s.replace(/L$/, ""));
      if (!Number.isInteger(n) || n < 0) notNpy(`shape ${JSON.stringify(shapeText)} is not a tuple of non-negative integers`);
      return n;
    });
  return { descr, fortranOrder: fortran === "True", shape };
}

/** Reads .npy bytes (format versions 1, 2 and 3). */
export function decodeNpy(bytes: Uint8Array): DecodedNpy {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) return notNpy("the magic string is not \\x93NUMPY");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  if (major < 1 || major > 3) return notNpy(`format version ${major}.${bytes[7]} is not supported`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = parseHeader(new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(headerStart, headerStart + headerLength)));
  const order = header.descr[0];
  const code = header.descr.slice(1);
  const descr = DESCRS[code === "?" ? "b1" : code];
  if (descr === undefined || !"<>|=".includes(order ?? "")) {
    throw new TypeError(`np.load: dtype ${header.descr} is not supported (dprog reads bool, int8-64, uint8-64, float16-64)`);
  }
  const littleEndian = order !== ">";
  const size = header.shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLength;
  if (bytes.length - dataStart < size * descr.size) return notNpy(`the data holds ${bytes.length - dataStart} bytes, fewer than the ${size * descr.size} its header promises`);
  const out = new TYPED_ARRAY[descr.dtype](size);
  // Fortran order stores the transpose: element (i0, i1, ...) sits at sum(i_k * prod(shape[<k])).
  const cStrides = stridesOf(header.shape, false);
  const fileStrides = stridesOf(header.shape, header.fortranOrder);
  for (let i = 0; i < size; i++) {
    let at = 0;
    let rest = i;
    for (let d = 0; d < header.shape.length; d++) {
      const idx = Math.floor(rest / cStrides[d]!);
      rest -= idx * cStrides[d]!;
      at += idx * fileStrides[d]!;
    }
    out[i] = descr.read(view, dataStart + at * descr.size, littleEndian);
  }
  return { data: out, shape: header.shape, dtype: descr.dtype };
}

function stridesOf(shape: readonly number[], fortran: boolean): number[] {
  const strides = new globalThis.Array<number>(shape.length);
  let acc = 1;
  if (fortran) {
    for (let d = 0; d < shape.length; d++) {
      strides[d] = acc;
      acc *= shape[d]!;
    }
  } else {
    for (let d = shape.length - 1; d >= 0; d--) {
      strides[d] = acc;
      acc *= shape[d]!;
    }
  }
  return strides;
}
