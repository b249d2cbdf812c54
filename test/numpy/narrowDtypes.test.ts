// The narrow dtypes (int8, int16, uint8, uint16, float16, bfloat16; issue 19, item 2): JAX's
// promotion lattice, wraparound integer arithmetic, float16/bfloat16 rounding, conversions,
// printing, random draws, reductions, and eager = jit = vmap, grad. Values from JAX 0.10.2 (numpy
// 2.4.6, ml_dtypes) with JAX_ENABLE_X64=1, int64 results read as int32 (dprog is JAX without x64 for
// integers) and weak float64/complex128 as the weak float32/complex64 dprog's JS scalars are.
import { describe, it, expect } from "vitest";
import { numpy as np, lax, jit, vmap, grad, random, debug, pureCallback, ShapeDtypeStruct } from "../../src/index.js";
import type { Array, DType } from "../../src/index.js";
import { promoteTypes, roundToFloat16, roundToBfloat16 } from "../../jaxpr/index.js";
import { checkGrads } from "../../src/testUtil/index.js";

const PROMOTION = {"names": ["bool", "int8", "int16", "int32", "uint8", "uint16", "uint32", "float16", "bfloat16", "float32", "float64", "complex64", "complex128", "i*", "f*", "c*"], "table": {"bool": ["bool", "int8", "int16", "int32", "uint8", "uint16", "uint32", "float16", "bfloat16", "float32", "float64", "complex64", "complex128", "int32*", "float32*", "complex64*"], "int8": ["int8", "int8", "int16", "int32", "int16", "int32", "int32", "float16", "bfloat16", "float32", "float64", "complex64", "complex128", "int8", "float32*", "complex64*"], "int16": ["int16", "int16", "int16", "int32", "int16", "int32", "int32", "float16", "bfloat16", "float32", "float64", "complex64", "complex128", "int16", "float32*", "complex64*"], "int32": ["int32", "int32", "int32", "int32", "int32", "int32", "int32", "float16", "bfloat16", "float32", "float64", "complex64", "complex128", "int32", "float32*", "complex64*"], "uint8": ["uint8", "int16", "int16", "int32", "uint8", "uint16", "uint32", "float16", "bfloat16", "float32", "float64", "complex64", "complex128", "uint8", "float32*", "complex64*"], "uint16": ["uint16", "int32", "int32", "int32", "uint16", "uint16", "uint32", "float16", "bfloat16", "float32", "float64", "complex64", "complex128", "uint16", "float32*", "complex64*"], "uint32": ["uint32", "int32", "int32", "int32", "uint32", "uint32", "uint32", "float16", "bfloat16", "float32", "float64", "complex64", "complex128", "uint32", "float32*", "complex64*"], "float16": ["float16", "float16", "float16", "float16", "float16", "float16", "float16", "float16", "float32", "float32", "float64", "complex64", "complex128", "float16", "float16", "complex64"], "bfloat16": ["bfloat16", "bfloat16", "bfloat16", "bfloat16", "bfloat16", "bfloat16", "bfloat16", "float32", "bfloat16", "float32", "float64", "complex64", "complex128", "bfloat16", "bfloat16", "complex64"], "float32": ["float32", "float32", "float32", "float32", "float32", "float32", "float32", "float32", "float32", "float32", "float64", "complex64", "complex128", "float32", "float32", "complex64"], "float64": ["float64", "float64", "float64", "float64", "float64", "float64", "float64", "float64", "float64", "float64", "float64", "complex128", "complex128", "float64", "float64", "complex128"], "complex64": ["complex64", "complex64", "complex64", "complex64", "complex64", "complex64", "complex64", "complex64", "complex64", "complex64", "complex128", "complex64", "complex128", "complex64", "complex64", "complex64"], "complex128": ["complex128", "complex128", "complex128", "complex128", "complex128", "complex128", "complex128", "complex128", "complex128", "complex128", "complex128", "complex128", "complex128", "complex128", "complex128", "complex128"], "i*": ["int32*", "int8", "int16", "int32", "uint8", "uint16", "uint32", "float16", "bfloat16", "float32", "float64", "complex64", "complex128", "int32*", "float32*", "complex64*"], "f*": ["float32*", "float32*", "float32*", "float32*", "float32*", "float32*", "float32*", "float16", "bfloat16", "float32", "float64", "complex64", "complex128", "float32*", "float32*", "complex64*"], "c*": ["complex64*", "complex64*", "complex64*", "complex64*", "complex64*", "complex64*", "complex64*", "complex64", "complex64", "complex64", "complex128", "complex64", "complex128", "complex64*", "complex64*", "complex64*"]}} as { names: string[]; table: Record<string, string[]> };
const F16_IN: number[] = [0.0, -0.0, 1.0, 65504.0, 65519.99, 65520.0, 65535.0, 100000.0, -65520.0, 6.103515625e-05, 5.960464477539063e-08, 2.9802322387695312e-08, 2.980232536792755e-08, 4.470348358154297e-08, 8.940696716308594e-08, 1.4901161193847656e-07, 1.00048828125, 1.00146484375, 1.0004882821813226, 2049.0, 2051.0, 0.1, 0.2, 0.3, 0.3333333333333333, 3.141592653589793, -2.718281828459045, 6.1e-05, 6.09e-05, 1e-08, 3e-08, 5.9e-08, 6e-08, Infinity, -Infinity, 0.01257302210933933, -0.00013210486329130188, 64042.265044328204, 1.049001171530397e-08, -53566.9373161111, 3.6159505490948476e-09, 1.3040000451301372, 0.09470809631292422, -7037.352358069926, -1.2654214710460524e-05, -6232.744625373522, 0.413259793472436, -23250.307746388342, -2.187916639325457e-08, -124.59109472530652, -73226.73547034516, -5.442589828573099e-10, -3.1630015636915455e-05, 0.4116305363741328, 1.0425133694426777e-08, -0.0012853466294403427, 1.3664634705496859, -66.51946734866135, 3515.100700930197, 0.0009034701816518086, 9.401229776087457e-05, -0.007434992493538084, -92172.53762584194, -4.577258256673391e-08, 0.002201951234700494, -1.009618183538736e-09, -0.00020917557487171306, -15922.500991447772, 0.5408455846858077, 2.146591225063409e-05, 35537.27090399214, -0.6538286094183394, -12961.363369276945, 7.839754700613295e-10, 0.0014934311452207607, -1259.0655321041202, 151.39237747390627, 0.0013458754237823045, 0.007813114007004275, 0.00026445563032930354, -0.003139228145364278, 1.4580206835369586e-06, 196.0258316449965, 1.8016348698661252e-08, 0.00131510376473437, 3.5738041065895593e-06, -120.83186322821714, -0.4454133120083229, 6.564749350763358, -12883.614637495544, 3951.2206018200823, 4.2986369482223e-08, 6.960427239628685e-09, -1.184117966757189e-08, -6.617025720390349, 59839.35000743839, 65509.6665894505, -67941.1173048483, 50909.61263438061, 67367.30560928819, 64009.425145534886, -49173.0382874503, 66168.0339352137, 54590.97780087289, 45132.335856029866, -2801.6906669034943, -37467.79125049747, 42263.281020563096, 59294.22236968574, -32741.761879079037, 5450.817067106167, -8014.603943565591, 60342.4242373617, -64328.50043361915, 32480.86739191851];
const F16_OUT: number[] = [0.0, -0.0, 1.0, 65504.0, 65504.0, Infinity, Infinity, Infinity, -Infinity, 6.103515625e-05, 5.960464477539063e-08, 0.0, 5.960464477539063e-08, 5.960464477539063e-08, 1.1920928955078125e-07, 1.1920928955078125e-07, 1.0, 1.001953125, 1.0009765625, 2048.0, 2052.0, 0.0999755859375, 0.199951171875, 0.300048828125, 0.333251953125, 3.140625, -2.71875, 6.097555160522461e-05, 6.091594696044922e-05, 0.0, 5.960464477539063e-08, 5.960464477539063e-08, 5.960464477539063e-08, Infinity, -Infinity, 0.0125732421875, -0.00013208389282226562, 64032.0, 0.0, -53568.0, 0.0, 1.3037109375, 0.0947265625, -7036.0, -1.2636184692382812e-05, -6232.0, 0.413330078125, -23248.0, -0.0, -124.5625, -Infinity, -0.0, -3.165006637573242e-05, 0.41162109375, 0.0, -0.001285552978515625, 1.3662109375, -66.5, 3516.0, 0.0009036064147949219, 9.399652481079102e-05, -0.007434844970703125, -Infinity, -5.960464477539063e-08, 0.002201080322265625, -0.0, -0.0002092123031616211, -15920.0, 0.541015625, 2.1457672119140625e-05, 35552.0, -0.65380859375, -12960.0, 0.0, 0.0014934539794921875, -1259.0, 151.375, 0.0013456344604492188, 0.0078125, 0.0002644062042236328, -0.003139495849609375, 1.430511474609375e-06, 196.0, 0.0, 0.0013151168823242188, 3.5762786865234375e-06, -120.8125, -0.4453125, 6.56640625, -12880.0, 3952.0, 5.960464477539063e-08, 0.0, -0.0, -6.6171875, 59840.0, 65504.0, -Infinity, 50912.0, Infinity, 64000.0, -49184.0, Infinity, 54592.0, 45120.0, -2802.0, -37472.0, 42272.0, 59296.0, -32736.0, 5452.0, -8016.0, 60352.0, -64320.0, 32480.0];
const BF16_OUT: number[] = [0.0, -0.0, 1.0, 65536.0, 65536.0, 65536.0, 65536.0, 99840.0, -65536.0, 6.103515625e-05, 5.960464477539063e-08, 2.9802322387695312e-08, 2.9802322387695312e-08, 4.470348358154297e-08, 8.940696716308594e-08, 1.4901161193847656e-07, 1.0, 1.0, 1.0, 2048.0, 2048.0, 0.10009765625, 0.2001953125, 0.30078125, 0.333984375, 3.140625, -2.71875, 6.103515625e-05, 6.079673767089844e-05, 1.0011717677116394e-08, 3.003515303134918e-08, 5.8906152844429016e-08, 6.007030606269836e-08, Infinity, -Infinity, 0.0125732421875, -0.00013256072998046875, 64000.0, 1.0477378964424133e-08, -53504.0, 3.6088749766349792e-09, 1.3046875, 0.0947265625, -7040.0, -1.2636184692382812e-05, -6240.0, 0.4140625, -23296.0, -2.1886080503463745e-08, -124.5, -73216.0, -5.456968210637569e-10, -3.170967102050781e-05, 0.412109375, 1.0419171303510666e-08, -0.00128173828125, 1.3671875, -66.5, 3520.0, 0.000904083251953125, 9.393692016601562e-05, -0.0074462890625, -92160.0, -4.586763679981232e-08, 0.002197265625, -1.0113581083714962e-09, -0.00020885467529296875, -15936.0, 0.5390625, 2.1457672119140625e-05, 35584.0, -0.65234375, -12992.0, 7.821654435247183e-10, 0.001495361328125, -1256.0, 151.0, 0.0013427734375, 0.0078125, 0.0002651214599609375, -0.003143310546875, 1.4603137969970703e-06, 196.0, 1.8044374883174896e-08, 0.001312255859375, 3.5762786865234375e-06, -121.0, -0.4453125, 6.5625, -12864.0, 3952.0, 4.307366907596588e-08, 6.955815479159355e-09, -1.1816155165433884e-08, -6.625, 59904.0, 65536.0, -68096.0, 50944.0, 67584.0, 64000.0, -49152.0, 66048.0, 54528.0, 45056.0, -2800.0, -37376.0, 42240.0, 59392.0, -32768.0, 5440.0, -8000.0, 60416.0, -64256.0, 32512.0];
const INT_OPS = {"int8": {"a": [-128, -127, -1, 0, 1, 2, 7, 100, 127, -100, 64, -64], "b": [-1, 3, -128, 5, 127, -7, 2, 100, 127, 3, 2, -3], "add": [127, -124, 127, 5, -128, -5, 9, -56, -2, -97, 66, -67], "sub": [-127, 126, 127, -5, -126, 9, 5, 0, 0, -103, 62, -61], "mul": [-128, -125, -128, 0, 127, -14, 14, 16, 1, -44, -128, -64], "neg": [-128, 127, 1, 0, -1, -2, -7, -100, -127, 100, -64, 64], "div": [-128, -42, 0, 0, 0, 0, 3, 1, 1, -33, 32, 21], "rem": [0, -1, -1, 0, 1, 2, 1, 0, 0, -1, 0, -1], "max": [-1, 3, -1, 5, 127, 2, 7, 100, 127, 3, 64, -3], "lt": [true, true, false, true, true, false, false, false, false, true, false, true], "and": [-128, 1, -128, 0, 1, 0, 2, 100, 127, 0, 0, -64], "or": [-1, -125, -1, 5, 127, -5, 7, 100, 127, -97, 66, -3], "xor": [127, -126, 127, 5, 126, -5, 5, 0, 0, -97, 66, 61], "not": [127, 126, 0, -1, -2, -3, -8, -101, -128, 99, -65, 63], "shl": [-128, 2, -8, 0, 0, 0, 14, -112, -32, 0, 0, 0], "shra": [-128, -64, -1, 0, 0, 0, 3, 25, 3, -2, 8, -4], "shrl": [-128, 64, 31, 0, 0, 0, 3, 25, 3, 2, 8, 12], "square": [0, 1, 1, 0, 1, 4, 49, 16, 1, 16, 0, 0], "abs": [-128, 127, 1, 0, 1, 2, 7, 100, 127, 100, 64, 64], "pow3": [0, -127, -1, 0, 1, 8, 87, 64, 127, -64, 0, 0], "sum": -119, "sumdtype": "int32", "cumsum": [-128, 1, 0, 0, 1, 3, 10, 110, -19, -119, -55, -119], "lax_sum": -119, "dot": 39, "f32": [-128.0, -127.0, -1.0, 0.0, 1.0, 2.0, 7.0, 100.0, 127.0, -100.0, 64.0, -64.0], "f16": [-128.0, -127.0, -1.0, 0.0, 1.0, 2.0, 7.0, 100.0, 127.0, -100.0, 64.0, -64.0]}, "uint8": {"a": [0, 1, 2, 255, 128, 127, 200, 100, 7, 64, 3, 250], "b": [1, 255, 3, 2, 128, 129, 100, 200, 7, 3, 5, 6], "add": [1, 0, 5, 1, 0, 0, 44, 44, 14, 67, 8, 0], "sub": [255, 2, 255, 253, 0, 254, 100, 156, 0, 61, 254, 244], "mul": [0, 255, 6, 254, 0, 255, 32, 32, 49, 192, 15, 220], "neg": [0, 255, 254, 1, 128, 129, 56, 156, 249, 192, 253, 6], "div": [0, 0, 0, 127, 1, 0, 2, 0, 1, 21, 0, 41], "rem": [0, 1, 2, 1, 0, 127, 0, 100, 0, 1, 3, 4], "max": [1, 255, 3, 255, 128, 129, 200, 200, 7, 64, 5, 250], "lt": [true, true, true, false, false, true, false, true, false, false, true, false], "and": [0, 1, 2, 2, 128, 1, 64, 64, 7, 0, 1, 2], "or": [1, 255, 3, 255, 128, 255, 236, 236, 7, 67, 7, 254], "xor": [1, 254, 1, 253, 0, 254, 172, 172, 0, 67, 6, 252], "not": [255, 254, 253, 0, 127, 128, 55, 155, 248, 191, 252, 5], "shl": [0, 2, 16, 128, 0, 0, 144, 144, 224, 0, 24, 160], "shra": [0, 0, 0, 255, 255, 0, 228, 25, 0, 1, 0, 255], "shrl": [0, 0, 0, 1, 0, 0, 100, 25, 0, 1, 0, 15], "square": [0, 1, 4, 1, 0, 1, 64, 16, 49, 0, 9, 36], "abs": [0, 1, 2, 255, 128, 127, 200, 100, 7, 64, 3, 250], "pow3": [0, 1, 8, 255, 0, 127, 0, 64, 87, 0, 27, 40], "sum": 1137, "sumdtype": "uint32", "cumsum": [0, 1, 3, 2, 130, 1, 201, 45, 52, 116, 119, 113], "lax_sum": 113, "dot": 30, "f32": [0.0, 1.0, 2.0, 255.0, 128.0, 127.0, 200.0, 100.0, 7.0, 64.0, 3.0, 250.0], "f16": [0.0, 1.0, 2.0, 255.0, 128.0, 127.0, 200.0, 100.0, 7.0, 64.0, 3.0, 250.0]}, "int16": {"a": [-32768, -1, 0, 1, 32767, 300, -300, 1000, 256, -256, 77, 12345], "b": [-1, 3, 7, -32768, 32767, 300, 300, -100, 256, 2, -5, 9], "add": [32767, 2, 7, -32767, -2, 600, 0, 900, 512, -254, 72, 12354], "sub": [-32767, -4, -7, -32767, 0, 0, -600, 1100, 0, -258, 82, 12336], "mul": [-32768, -3, 0, -32768, 1, 24464, -24464, 31072, 0, -512, -385, -19967], "neg": [-32768, 1, 0, -1, -32767, -300, 300, -1000, -256, 256, -77, -12345], "div": [-32768, 0, 0, 0, 1, 1, -1, -10, 1, -128, -15, 1371], "rem": [0, -1, 0, 1, 0, 0, 0, 0, 0, 0, 2, 6], "max": [-1, 3, 7, 1, 32767, 300, 300, 1000, 256, 2, 77, 12345], "lt": [true, true, true, false, false, false, true, false, false, true, false, false], "and": [-32768, 3, 0, 0, 32767, 300, 4, 904, 256, 0, 73, 9], "or": [-1, -1, 7, -32767, 32767, 300, -4, -4, 256, -254, -1, 12345], "xor": [32767, -4, 7, -32767, 0, 0, -8, -908, 0, -254, -74, 12336], "not": [32767, 0, -1, -2, -32768, -301, 299, -1001, -257, 255, -78, -12346], "shl": [-32768, -2, 0, 128, -256, 22528, -600, 4000, 8192, 0, 0, 912], "shra": [-32768, -1, 0, 0, 127, 0, -150, 250, 8, -1, 0, 771], "shrl": [-32768, 32767, 0, 0, 127, 0, 32618, 250, 8, 1, 0, 771], "square": [0, 1, 0, 1, 1, 24464, 24464, 16960, 0, 0, 5929, 27825], "abs": [-32768, 1, 0, 1, 32767, 300, 300, 1000, 256, 256, 77, 12345], "pow3": [0, -1, 0, 1, 32767, -832, 832, -13824, 0, 0, -2219, 25449], "sum": 13421, "sumdtype": "int32", "cumsum": [-32768, 32767, 32767, -32768, -1, 299, -1, 999, 1255, 999, 1076, 13421], "lax_sum": 13421, "dot": 10206, "f32": [-32768.0, -1.0, 0.0, 1.0, 32767.0, 300.0, -300.0, 1000.0, 256.0, -256.0, 77.0, 12345.0], "f16": [-32768.0, -1.0, 0.0, 1.0, 32768.0, 300.0, -300.0, 1000.0, 256.0, -256.0, 77.0, 12344.0]}, "uint16": {"a": [0, 1, 65535, 32768, 300, 1000, 256, 7, 65000, 12345, 2, 40000], "b": [1, 65535, 3, 2, 300, 70, 256, 7, 3, 9, 5, 2], "add": [1, 0, 2, 32770, 600, 1070, 512, 14, 65003, 12354, 7, 40002], "sub": [65535, 2, 65532, 32766, 0, 930, 0, 0, 64997, 12336, 65533, 39998], "mul": [0, 65535, 65533, 0, 24464, 4464, 0, 49, 63928, 45569, 10, 14464], "neg": [0, 65535, 1, 32768, 65236, 64536, 65280, 65529, 536, 53191, 65534, 25536], "div": [0, 0, 21845, 16384, 1, 14, 1, 1, 21666, 1371, 0, 20000], "rem": [0, 1, 0, 0, 0, 20, 0, 0, 2, 6, 2, 0], "max": [1, 65535, 65535, 32768, 300, 1000, 256, 7, 65000, 12345, 5, 40000], "lt": [true, true, false, false, false, false, false, false, false, false, true, false], "and": [0, 1, 3, 0, 300, 64, 256, 7, 0, 9, 0, 0], "or": [1, 65535, 65535, 32770, 300, 1006, 256, 7, 65003, 12345, 7, 40002], "xor": [1, 65534, 65532, 32770, 0, 942, 0, 0, 65003, 12336, 7, 40002], "not": [65535, 65534, 0, 32767, 65235, 64535, 65279, 65528, 535, 53190, 65533, 25535], "shl": [0, 2, 65528, 0, 11264, 53248, 512, 28, 48384, 32768, 0, 50176], "shra": [0, 0, 65535, 65280, 1, 1, 128, 1, 65519, 0, 0, 63940], "shrl": [0, 0, 8191, 256, 1, 1, 128, 1, 2031, 0, 0, 2500], "square": [0, 1, 1, 0, 24464, 16960, 0, 49, 25152, 27825, 4, 4096], "abs": [0, 1, 65535, 32768, 300, 1000, 256, 7, 65000, 12345, 2, 40000], "pow3": [0, 1, 65535, 0, 64704, 51712, 0, 343, 18944, 25449, 8, 0], "sum": 217214, "sumdtype": "uint32", "cumsum": [0, 1, 0, 32768, 33068, 34068, 34324, 34331, 33795, 46140, 46142, 20606], "lax_sum": 20606, "dot": 21872, "f32": [0.0, 1.0, 65535.0, 32768.0, 300.0, 1000.0, 256.0, 7.0, 65000.0, 12345.0, 2.0, 40000.0], "f16": [0.0, 1.0, Infinity, 32768.0, 300.0, 1000.0, 256.0, 7.0, 64992.0, 12344.0, 2.0, 40000.0]}} as Record<string, Record<string, number[] | number | boolean[] | string>>;
const CONV = {"from_f32": [300.5, -300.5, NaN, Infinity, -Infinity, 127.9, -128.9, 0.5, -0.5, 65535.7, 10000000000.0, -10000000000.0], "to": {"int8": [127, -128, 0, 127, -128, 127, -128, 0, 0, 127, 127, -128], "int16": [300, -300, 0, 32767, -32768, 127, -128, 0, 0, 32767, 32767, -32768], "uint8": [255, 0, 0, 255, 0, 127, 0, 0, 0, 255, 255, 0], "uint16": [300, 0, 0, 65535, 0, 127, 0, 0, 0, 65535, 65535, 0]}, "from_i32": [300, -200, 65535, -1, 2147483647, -2147483648, 128, 255, 256, 40000], "to_i": {"int8": [44, 56, -1, -1, -1, 0, -128, -1, 0, 64], "int16": [300, -200, -1, -1, -1, 0, 128, 255, 256, -25536], "uint8": [44, 56, 255, 255, 255, 0, 128, 255, 0, 64], "uint16": [300, 65336, 65535, 65535, 65535, 0, 128, 255, 256, 40000], "float16": [300.0, -200.0, Infinity, -1.0, Infinity, -Infinity, 128.0, 255.0, 256.0, 40000.0], "bfloat16": [300.0, -200.0, 65536.0, -1.0, 2147483648.0, -2147483648.0, 128.0, 255.0, 256.0, 39936.0], "bool": [true, true, true, true, true, true, true, true, true, true]}, "from_u32": [4294967295, 2147483648, 65537, 255], "to_u": {"int8": [-1, 0, 1, -1], "int16": [-1, 0, 1, 255], "uint8": [255, 0, 1, 255], "uint16": [65535, 0, 1, 255], "float16": [Infinity, Infinity, Infinity, 255.0]}, "i8_to": {"uint32": [4294967295, 4294967168, 127], "uint8": [255, 128, 127], "uint16": [65535, 65408, 127], "int16": [-1, -128, 127], "float32": [-1.0, -128.0, 127.0], "bool": [true, true, true]}};
const F16 = {"x": [0.0999755859375, 1.5, 3.30078125, -2.69921875, 1000.0, 60000.0, 1.0013580322265625e-05, 6.973743438720703e-06], "y": [0.199951171875, 2.25, 1.099609375, 0.300048828125, 70.0, 30000.0, 2.9802322387695312e-06, -6.020069122314453e-06], "add": [0.2998046875, 3.75, 4.3984375, -2.3984375, 1070.0, Infinity, 1.2993812561035156e-05, 9.5367431640625e-07], "mul": [0.019989013671875, 3.375, 3.62890625, -0.81005859375, Infinity, Infinity, 0.0, -0.0], "div": [0.5, 0.66650390625, 3.001953125, -8.9921875, 14.2890625, 2.0, 3.359375, -1.158203125], "fma": [0.1199951171875, 4.875, 6.9296875, -3.509765625, Infinity, Infinity, 1.0013580322265625e-05, 6.973743438720703e-06], "chain": [-0.02496337890625, -0.865234375, 4.609375, 5.53515625, Infinity, Infinity, 0.0, 0.0], "exp": [1.0, 1.001953125, 1.0029296875, 0.9970703125, 2.71875, Infinity, 1.0, 1.0], "sin": [0.09979248046875, 0.99755859375, -0.1585693359375, -0.427978515625, 0.82666015625, 0.95751953125, 1.0013580322265625e-05, 6.973743438720703e-06], "sqrt": [0.316162109375, 1.224609375, 1.81640625, 1.642578125, 31.625, 245.0, 0.0031642913818359375, 0.0026416778564453125], "tanh": [0.09967041015625, 0.9052734375, 0.9970703125, -0.9912109375, 1.0, 1.0, 1.0013580322265625e-05, 6.973743438720703e-06], "sum": 60992.0, "mean": 7624.0, "dot": Infinity, "cumsum": [0.0999755859375, 1.599609375, 4.8984375, 2.19921875, 1002.0, 60992.0, 60992.0, 60992.0], "prod": -5.602836608886719e-06, "jit_chain": [-0.02496337890625, -0.865234375, 4.609375, 5.53515625, Infinity, Infinity, 0.0, 0.0], "grad": [0.19921875, 1.103515625, -3.41796875, 2.01171875, 563.5, -17312.0, 2.002716064453125e-05, 1.3947486877441406e-05], "f32_to_f16": [0.0999755859375, 0.333251953125, 65504.0, Infinity, 1.1920928955078125e-07, 5.960464477539063e-08]} as Record<string, number[] | number>;
const BF16 = {"x": [0.10009765625, 1.5, 3.296875, -2.703125, 1000.0, 3.00405527047391e+38], "y": [0.2001953125, 2.25, 1.1015625, 0.30078125, 70.0, 1.9938419936773738e+38], "add": [0.30078125, 3.75, 4.40625, -2.40625, 1072.0, Infinity], "mul": [0.02001953125, 3.375, 3.625, -0.8125, 70144.0, Infinity], "div": [0.5, 0.66796875, 3.0, -9.0, 14.3125, 1.5078125]} as Record<string, number[]>;
const REPR: string[] = ["Array([1, 2], dtype=int8)", "Array([1.5, 2. ], dtype=float16)", "Array([1.00e-01, 6.55e+04, 1.19e-07], dtype=float16)", "Array([300,  -2], dtype=int16)", "Array([255,   0], dtype=uint8)", "Array([1.5, 2, 0.100098], dtype=bfloat16)", "Array(0.1, dtype=float16)", "Array([1.e+03, 2.e+00], dtype=float16)", "Array([1.e+04, 2.e+00], dtype=float16)", "0.1", "2e+04"];
const RANDOM = {"randint_i8": [89, -100, 12, 73, 71, 47], "randint_u8": [101, 80, 200, 61, 3, 211], "randint_i16": [8789, 25000, 25712, 3373, 16771, 16347], "uniform_f16": [0.310546875, 0.212890625, 0.0546875, 0.65625, 0.232421875, 0.4111328125], "uniform_f16_ab": [-0.515625, -1.296875, -2.5625, 2.25, -1.140625, 0.2890625], "uniform_bf16": [0.6484375, 0.5703125, 0.15625, 0.203125, 0.7109375, 0.2578125], "bits_u8": [167, 146, 40, 53, 183, 67], "bits_u16": [20391, 13970, 3624, 43061, 15287, 26947]} as Record<string, number[]>;

const NARROW_INTS = ["int8", "int16", "uint8", "uint16"] as const;
const values = (x: Array): number[] => globalThis.Array.from(x.dataSync() as ArrayLike<number>);
const typed = (x: Array): string => x.dataSync().constructor.name;
const asDType = (name: string): { dtype: DType; weakType: boolean } =>
  name === "i*" ? { dtype: "int32", weakType: true } : name === "f*" ? { dtype: "float32", weakType: true } : name === "c*" ? { dtype: "complex64", weakType: true } : { dtype: name as DType, weakType: false };

describe("promotion: JAX's lattice for every pair", () => {
  it("promoteTypes equals jnp.result_type on all 16 x 16 pairs (weak types included)", () => {
    const { names, table } = PROMOTION;
    for (const a of names) {
      names.forEach((b, j) => {
        const r = promoteTypes(asDType(a), asDType(b));
        expect(`${a} ${b}: ${r.dtype}${r.weakType ? "*" : ""}`).toBe(`${a} ${b}: ${table[a]![j]!}`);
      });
    }
  });
  it("operators follow it: int8 + int16 is int16, uint8 + int8 is int16, float16 + bfloat16 is float32, float16 * 2 stays float16", () => {
    expect(np.add(np.ones([2], { dtype: "int8" }), np.ones([2], { dtype: "int16" })).dtype).toBe("int16");
    expect(np.add(np.ones([2], { dtype: "uint8" }), np.ones([2], { dtype: "int8" })).dtype).toBe("int16");
    expect(np.add(np.ones([2], { dtype: "float16" }), np.ones([2], { dtype: "bfloat16" })).dtype).toBe("float32");
    expect(np.multiply(np.ones([2], { dtype: "float16" }), 2).dtype).toBe("float16");
    expect(np.add(np.ones([2], { dtype: "uint8" }), 3).dtype).toBe("uint8");
    expect(np.add(np.ones([2], { dtype: "int8" }), 1.5).dtype).toBe("float32");
  });
});

describe("float16 and bfloat16 rounding against numpy/ml_dtypes", () => {
  it("round to nearest even, subnormals, overflow to infinity", () => {
    F16_IN.forEach((x, i) => expect([x, roundToFloat16(x)]).toEqual([x, F16_OUT[i]]));
    F16_IN.forEach((x, i) => expect([x, roundToBfloat16(x)]).toEqual([x, BF16_OUT[i]]));
  });
  it("np.array, astype from float64 and float32, eager and under jit (twice)", () => {
    const x64 = np.array(F16_IN, { dtype: "float64" });
    expect(values(np.array(F16_IN, { dtype: "float16" }))).toEqual(F16_OUT);
    expect(values(x64.astype("float16"))).toEqual(F16_OUT);
    expect(values(x64.astype("bfloat16"))).toEqual(BF16_OUT);
    const f = jit((a: Array) => a.astype("float16"));
    expect(values(f(x64))).toEqual(F16_OUT);
    expect(values(f(x64))).toEqual(F16_OUT);
    // float32 -> float16 rounds once from the float32 value.
    const from32 = np.array([0.1, 1 / 3, 65519, 65520, 1e-7, 3e-8], { dtype: "float32" });
    expect(values(from32.astype("float16"))).toEqual(F16.f32_to_f16);
    expect(values(jit((a: Array) => lax.convertElementType(a, "float16"))(from32))).toEqual(F16.f32_to_f16);
    expect(typed(np.array([1], { dtype: "float16" }))).toBe("Float32Array");
  });
});

describe("integer wraparound (XLA's modular arithmetic)", () => {
  for (const d of NARROW_INTS) {
    it(`${d}: arithmetic, bitwise, shifts, reductions against JAX; eager = jit (twice)`, () => {
      const r = INT_OPS[d]!;
      const a = np.array(r.a as number[], { dtype: "int32" }).astype(d);
      const b = np.array(r.b as number[], { dtype: "int32" }).astype(d);
      const sh = np.array(d === "int8" || d === "uint8" ? [0, 1, 3, 7, 8, 9, 1, 2, 5, 6, 3, 4] : [0, 1, 3, 7, 8, 9, 1, 2, 5, 15, 16, 4], { dtype: d });
      const safe = np.where(np.equal(b, 0), np.ones([12], { dtype: d }), b);
      const ops = (x: Array, y: Array, s: Array, yNonzero: Array): Record<string, Array> => ({
        add: np.add(x, y), sub: np.subtract(x, y), mul: np.multiply(x, y), neg: np.negative(x),
        div: lax.div(x, yNonzero), rem: lax.rem(x, yNonzero), max: np.maximum(x, y), lt: np.less(x, y),
        and: np.bitwiseAnd(x, y), or: np.bitwiseOr(x, y), xor: np.bitwiseXor(x, y), not: np.bitwiseNot(x),
        shl: lax.shiftLeft(x, s), shra: lax.shiftRightArithmetic(x, s), shrl: lax.shiftRightLogical(x, s),
        square: np.multiply(x, x), abs: np.abs(x), pow3: np.power(x, 3), sum: np.sum(x), cumsum: np.cumsum(x),
        dot: np.dot(x, y), f32: x.astype("float32"), f16: x.astype("float16"),
      });
      const eager = ops(a, b, sh, safe);
      const jitted = jit((x: Array, y: Array, s: Array, z: Array) => ops(x, y, s, z));
      for (const run of [eager, jitted(a, b, sh, safe), jitted(a, b, sh, safe)]) {
        for (const [k, v] of Object.entries(run)) {
          const want = r[k] as number[] | number | boolean[];
          const got = k === "lt" ? values(v).map((t) => t === 1) : v.ndim === 0 ? values(v)[0] : values(v);
          expect([k, got]).toEqual([k, want]);
        }
      }
      expect(eager.add!.dtype).toBe(d);
      expect(typed(eager.add!)).toBe({ int8: "Int8Array", int16: "Int16Array", uint8: "Uint8Array", uint16: "Uint16Array" }[d]);
      expect(eager.sum!.dtype).toBe(r.sumdtype);
      expect(eager.cumsum!.dtype).toBe(d);
    });
  }
  it("lax.reduce_sum of int8 wraps in int8 (jnp.sum promotes to int32)", () => {
    const x = np.array([100, 100, 100], { dtype: "int8" });
    expect(values(lax.reduceSum(x, [0]))).toEqual([44]);
    expect(values(np.sum(x))).toEqual([300]);
    expect(np.sum(np.ones([2], { dtype: "uint16" })).dtype).toBe("uint32");
    expect(np.mean(np.ones([2], { dtype: "int8" })).dtype).toBe("float32");
  });
});

describe("conversions (JAX's semantics)", () => {
  it("float -> narrow integer saturates, NaN -> 0", () => {
    const x = np.array(CONV.from_f32, { dtype: "float32" });
    for (const d of NARROW_INTS) {
      expect([d, values(x.astype(d))]).toEqual([d, CONV.to[d]]);
      expect([d, values(jit((a: Array) => a.astype(d))(x))]).toEqual([d, CONV.to[d]]);
    }
  });
  it("integer -> narrow wraps; -> float16/bfloat16 rounds once; -> bool is != 0", () => {
    const x = np.array(CONV.from_i32, { dtype: "int32" });
    for (const [d, want] of Object.entries(CONV.to_i)) {
      const got = values(x.astype(d as DType));
      expect([d, d === "bool" ? got.map((t) => t === 1) : got]).toEqual([d, want]);
    }
    const u = np.array(CONV.from_u32, { dtype: "uint32" });
    for (const [d, want] of Object.entries(CONV.to_u)) expect([d, values(u.astype(d as DType))]).toEqual([d, want]);
    const i8 = np.array([-1, -128, 127], { dtype: "int8" });
    for (const [d, want] of Object.entries(CONV.i8_to)) {
      const got = values(i8.astype(d as DType));
      expect([d, d === "bool" ? got.map((t) => t === 1) : got]).toEqual([d, want]);
    }
  });
  it("scalar constructors and dtype objects", () => {
    expect([np.int8(3.7).dtype, np.int8(3.7).item()]).toEqual(["int8", 3]);
    expect(() => np.int8(300)).toThrow("300");
    expect(() => np.uint8(-1)).toThrow("-1");
    expect([np.float16(70000).dtype, np.float16(70000).item()]).toEqual(["float16", Infinity]);
    expect(np.float16(0.1).item()).toBe(0.0999755859375);
    expect(np.bfloat16(0.1).item()).toBe(0.10009765625);
    expect(String(np.uint16)).toBe("uint16");
    expect(np.dtype(np.int16)).toBe("int16");
    expect(np.issubdtype(np.float16, np.floating)).toBe(true);
    expect(np.issubdtype(np.uint8, np.unsignedinteger)).toBe(true);
    expect(() => np.zeros([2], { dtype: np.int64 })).toThrow("int64 is not available");
  });
  it("finfo and iinfo (values from JAX 0.10.2)", () => {
    const f = np.finfo(np.float16);
    expect([f.bits, f.eps, f.tiny, f.max, f.smallestSubnormal, f.nmant, f.nexp, f.precision]).toEqual([16, 0.0009765625, 6.103515625e-5, 65504, 2 ** -24, 10, 5, 3]);
    const b = np.finfo(np.bfloat16);
    expect([b.bits, b.eps, b.tiny, b.max, b.nmant]).toEqual([16, 0.0078125, 2 ** -126, 3.3895313892515355e38, 7]);
    expect([np.iinfo(np.int8).min, np.iinfo(np.int8).max, np.iinfo(np.uint16).max, np.iinfo("int16").bits]).toEqual([-128, 127, 65535, 16]);
  });
});

describe("float16 arithmetic rounds after every operation (as XLA's CPU backend)", () => {
  const x = np.array(F16.x as number[], { dtype: "float16" });
  const y = np.array(F16.y as number[], { dtype: "float16" });
  const ops = (a: Array, b: Array): Record<string, Array> => ({
    add: np.add(a, b), mul: np.multiply(a, b), div: np.divide(a, b), fma: np.add(np.multiply(a, b), a),
    chain: np.divide(np.multiply(np.add(a, b), np.subtract(a, b)), np.add(b, 1)),
    sum: np.sum(a), mean: np.mean(a), dot: np.dot(a, b), prod: np.prod(b),
  });
  it("exact arithmetic equals JAX's; eager = jit (twice) = JAX", () => {
    const f = jit(ops);
    for (const run of [ops(x, y), f(x, y), f(x, y)]) {
      for (const [k, v] of Object.entries(run)) {
        expect(v.dtype).toBe("float16");
        const got = v.ndim === 0 ? values(v)[0] : values(v);
        expect([k, got]).toEqual([k, F16[k]]);
      }
    }
  });
  it("cumsum accumulates in float32 and rounds each prefix once (JAX rounds each step: within 1e-3 relative)", () => {
    const got = values(np.cumsum(x));
    (F16.cumsum as number[]).forEach((w, i) => expect(Math.abs(got[i]! - w)).toBeLessThanOrEqual(Math.abs(w) * 1e-3));
    expect(values(jit(np.cumsum)(x))).toEqual(got);
  });
  it("transcendentals within one float16 ulp of JAX's", () => {
    const fs: Record<string, (a: Array) => Array> = { exp: (a) => np.exp(np.divide(a, 1000)), sin: np.sin, sqrt: (a) => np.sqrt(np.abs(a)), tanh: np.tanh };
    for (const [k, f] of Object.entries(fs)) {
      const got = values(f(x));
      (F16[k] as number[]).forEach((w, i) => (Number.isFinite(w) ? expect(Math.abs(got[i]! - w)).toBeLessThanOrEqual(Math.abs(w) * 2 ** -10 + 2 ** -24) : expect(got[i]).toBe(w)));
      expect(values(jit(f)(x))).toEqual(got);
    }
  });
  it("bfloat16 arithmetic equals JAX's", () => {
    const bx = np.array(BF16.x!, { dtype: "bfloat16" });
    const by = np.array(BF16.y!, { dtype: "bfloat16" });
    expect(values(np.add(bx, by))).toEqual(BF16.add);
    expect(values(np.multiply(bx, by))).toEqual(BF16.mul);
    expect(values(jit(np.divide)(bx, by))).toEqual(BF16.div);
  });
  it("vmap equals a loop over examples", () => {
    const xs = np.reshape(np.concatenate([x, y]), [2, 8]);
    const f = (r: Array): Array => np.sum(np.multiply(np.sin(r), r));
    const batched = values(vmap(f)(xs));
    const loop = [0, 1].map((i) => values(f(np.take(xs, i, 0)))[0]);
    expect(batched).toEqual(loop);
    const ints = np.array([[100, 120], [-128, 7]], { dtype: "int8" });
    expect(values(vmap((r: Array) => np.multiply(r, r))(ints))).toEqual([16, 64, 0, 49]);
  });
  it("grad in float16 equals JAX's; checkGrads with a loose tolerance", () => {
    const g = grad((a: Array) => np.sum(np.multiply(np.sin(a), a)));
    const got = g(x);
    expect(got.dtype).toBe("float16");
    const want = F16.grad as number[];
    values(got).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(Math.abs(want[i]!) * 2 ** -9 + 2 ** -20));
    expect(values(jit(g)(x))).toEqual(values(got));
    checkGrads((a: Array) => np.sum(np.multiply(np.sin(a), a)), [np.array([0.5, 1.25, -2], { dtype: "float16" })], { order: 2, eps: 0.05, atol: 0.1, rtol: 0.05 });
  });
});

describe("printing", () => {
  it("repr as JAX's", () => {
    expect(String(np.array([1, 2], { dtype: "int8" }))).toBe(REPR[0]);
    expect(String(np.array([1.5, 2], { dtype: "float16" }))).toBe(REPR[1]);
    expect(String(np.array([0.1, 65504, 1e-7], { dtype: "float16" }))).toBe(REPR[2]);
    expect(String(np.array([300, -2], { dtype: "int16" }))).toBe(REPR[3]);
    expect(String(np.array([255, 0], { dtype: "uint8" }))).toBe(REPR[4]);
    expect(String(np.float16(0.1))).toBe(REPR[6]);
    expect(String(np.array([1000, 2], { dtype: "float16" }))).toBe(REPR[7]);
    expect(String(np.array([10000, 2], { dtype: "float16" }))).toBe(REPR[8]);
    expect(String(np.array([1.5, 2, 0.1], { dtype: "bfloat16" }))).toBe(REPR[5]);
  });
  it("bfloat16 prints as ml_dtypes' str per element, unpadded (values from JAX 0.10.2)", () => {
    const bf = (v: number | number[] | number[][]): Array => np.array(v, { dtype: "bfloat16" });
    expect(bf([1.1, 2.5]).toString()).toBe("Array([1.10156, 2.5], dtype=bfloat16)");
    expect(bf([1.1, 2.5, 300.7, -0.001]).toString()).toBe("Array([1.10156, 2.5, 300, -0.000999451], dtype=bfloat16)");
    expect(bf(1.1).toString()).toBe("Array(1.10156, dtype=bfloat16)");
    expect(bf([[1, 2], [3.5, 1e10]]).toString()).toBe("Array([[1, 2],\n       [3.5, 9.99922e+09]], dtype=bfloat16)");
    expect(bf([1e-5, 1]).toString()).toBe("Array([1.00136e-05, 1], dtype=bfloat16)");
    expect(bf([NaN, Infinity, 3]).toString()).toBe("Array([nan, inf, 3], dtype=bfloat16)");
    expect(bf([1e20, 123456789, 0.5, -0]).toString()).toBe("Array([9.97277e+19, 1.23208e+08, 0.5, -0], dtype=bfloat16)");
    expect(np.arrayStr(bf([1.1, 2.5]))).toBe("[1.10156 2.5]");
  });
});

describe("random", () => {
  const key = random.PRNGKey(0);
  it("randint in int8, uint8, int16; uniform in float16 and bfloat16; bits in uint8, uint16 (JAX's draws)", () => {
    expect(values(random.randint(key, [6], -100, 100, "int8"))).toEqual(RANDOM.randint_i8);
    expect(values(random.randint(key, [6], 0, 256, "uint8"))).toEqual(RANDOM.randint_u8);
    expect(values(random.randint(key, [6], -1000, 30000, "int16"))).toEqual(RANDOM.randint_i16);
    const u = random.uniform(key, [6], "float16");
    expect([u.dtype, values(u)]).toEqual(["float16", RANDOM.uniform_f16]);
    expect(values(random.uniform(key, [6], { dtype: "float16", minval: -3, maxval: 5 }))).toEqual(RANDOM.uniform_f16_ab);
    expect(values(random.uniform(key, [6], "bfloat16"))).toEqual(RANDOM.uniform_bf16);
    expect(values(random.bits(key, [6], { dtype: "uint8" }))).toEqual(RANDOM.bits_u8);
    expect(values(random.bits(key, [6], { dtype: "uint16" }))).toEqual(RANDOM.bits_u16);
    expect(values(jit((k: Array) => random.randint(k, [6], -100, 100, "int8"))(key))).toEqual(RANDOM.randint_i8);
  });
});

describe("control flow and int64", () => {
  it("narrow carries through fori_loop and cond, eager and under jit", () => {
    const f = (x: Array): Array => lax.foriLoop(0, 3, (_i: Array, c: Array) => np.multiply(c, 3), x);
    const x = np.array([100, -7], { dtype: "int8" });
    // 100 * 27 = 2700 = 140 (mod 256) = -116 in int8; -7 * 27 = -189 = 67.
    expect(values(f(x))).toEqual([-116, 67]);
    expect(values(jit(f)(x))).toEqual([-116, 67]);
    expect(jit(f)(x).dtype).toBe("int8");
    const h = (x: Array): Array => lax.cond(true, (a: Array) => np.add(a, a), (a: Array) => a, x);
    const hx = np.array([60000], { dtype: "float16" });
    expect(values(jit(h)(hx))).toEqual([Infinity]);
  });
  it("host callbacks see narrow operands in their own dtype under jit", () => {
    const x = np.array([100, -7], { dtype: "int8" });
    let seen = "";
    const f = jit((a: Array) => {
      debug.callback((v: Array) => void (seen = `${v.dtype} ${values(v).join(",")}`), np.add(a, a));
      return pureCallback((v: Array) => np.multiply(v, 3), new ShapeDtypeStruct([2], "int8"), a);
    });
    const out = f(x);
    expect([out.dtype, values(out)]).toEqual(["int8", [44, -21]]);
    expect(seen).toBe("int8 -56,-14");
  });
  it("int64 and uint64 stay refused", () => {
    expect(() => np.array([1], { dtype: "int64" as never })).toThrow("int64 is not available");
    expect(() => np.uint64(1)).toThrow(TypeError);
  });
});

describe("float16 through the FFT (JAX 0.10.2)", () => {
  it("fft promotes to complex64 and differentiates back to float16; rfft refuses float16 as lax.fft does", () => {
    const x = np.array([1, 2, 3, 4], { dtype: "float16" });
    expect(np.fft.fft(x).dtype).toBe("complex64");
    expect(grad((v: Array) => np.sum(np.real(np.fft.fft(v))))(x).dtype).toBe("float16");
    expect(() => np.fft.rfft(x)).toThrow("RFFT input must be float32 or float64, got float16");
  });
});
