/* simd: 128-bit SIMD kernels over generated arrays, repeated for a number of
 * rounds: an f32x4 dot product and saxpy (with min/max/sqrt/abs and int<->float
 * conversions), a 3x3 box blur of an 8-bit image (u8 -> u16 -> u32 widening,
 * extmul, narrowing, i8x16 shuffles to shift pixels, bitmask of bright pixels),
 * an i32x4 integer mixer (mul, shifts, rotates, compares, bitselect, lane
 * shuffles, lane extract/replace) and a plain C loop left to the auto-vectorizer.
 * Everything is integer or IEEE single with a fixed order of operations, so the
 * output is the same on every conforming engine.
 * usage: simd [rounds]   prints one checksum per kernel and their combination. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <wasm_simd128.h>

#define N 4096 /* floats and ints per array: 1024 vectors */
#define W 256  /* image width in pixels: 16 vectors per row */
#define H 96   /* image height */

static float xs[N], ys[N];
static int32_t ia[N], ib[N];
static uint8_t img[H][W], tmp[H][W];

static uint32_t seed = 0x2545F491u;
static uint32_t next_random(void) {
  seed = seed * 1664525u + 1013904223u;
  return seed >> 8;
}

/* Mixes a 32-bit value into a running checksum (FNV-style multiply). */
static uint32_t mix(uint32_t h, uint32_t v) { return (h ^ v) * 0x01000193u + (v >> 7); }

static void fill(void) {
  for (int i = 0; i < N; i++) {
    xs[i] = (float)(int)(next_random() % 2001 - 1000) / 256.0f;
    ys[i] = (float)(int)(next_random() % 2001 - 1000) / 512.0f;
    ia[i] = (int32_t)next_random();
    ib[i] = (int32_t)(next_random() * 7u);
  }
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) img[y][x] = (uint8_t)(next_random() >> 4);
}

/* Sum of the four lanes, always in the same order: (0+2)+(1+3). */
static float horizontal_sum(v128_t v) {
  v128_t pairs = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  v128_t all = wasm_f32x4_add(pairs, wasm_i32x4_shuffle(pairs, pairs, 1, 0, 3, 2));
  return wasm_f32x4_extract_lane(all, 0);
}

static float dot(void) {
  v128_t acc0 = wasm_f32x4_splat(0.0f), acc1 = wasm_f32x4_splat(0.0f);
  for (int i = 0; i < N; i += 8) {
    acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_v128_load(&xs[i]), wasm_v128_load(&ys[i])));
    acc1 = wasm_f32x4_add(acc1, wasm_f32x4_mul(wasm_v128_load(&xs[i + 4]), wasm_v128_load(&ys[i + 4])));
  }
  return horizontal_sum(wasm_f32x4_add(acc0, acc1));
}

/* y = clamp(a*x + y/2) ; x = sqrt|y| - x/4 : bounded, so no infinities. Returns sum of trunc(8y). */
static uint32_t saxpy(float a) {
  const v128_t va = wasm_f32x4_splat(a), half = wasm_f32x4_splat(0.5f), quarter = wasm_f32x4_splat(0.25f);
  const v128_t lo = wasm_f32x4_splat(-64.0f), hi = wasm_f32x4_splat(64.0f), eight = wasm_f32x4_splat(8.0f);
  v128_t sum = wasm_i32x4_splat(0);
  for (int i = 0; i < N; i += 4) {
    v128_t x = wasm_v128_load(&xs[i]);
    v128_t y = wasm_f32x4_add(wasm_f32x4_mul(va, x), wasm_f32x4_mul(half, wasm_v128_load(&ys[i])));
    y = wasm_f32x4_min(wasm_f32x4_max(y, lo), hi);
    wasm_v128_store(&ys[i], y);
    x = wasm_f32x4_sub(wasm_f32x4_sqrt(wasm_f32x4_abs(y)), wasm_f32x4_mul(quarter, x));
    wasm_v128_store(&xs[i], x);
    sum = wasm_i32x4_add(sum, wasm_i32x4_trunc_sat_f32x4(wasm_f32x4_mul(y, eight)));
  }
  return (uint32_t)(wasm_i32x4_extract_lane(sum, 0) + wasm_i32x4_extract_lane(sum, 1) +
                    wasm_i32x4_extract_lane(sum, 2) + wasm_i32x4_extract_lane(sum, 3));
}

/* Feeds the integers back into the floats so the two kernels depend on each other. */
static void ints_to_floats(void) {
  const v128_t scale = wasm_f32x4_splat(1.0f / 16777216.0f), mask = wasm_i32x4_splat(0x00ffffff);
  for (int i = 0; i < N; i += 4) {
    v128_t jitter = wasm_f32x4_mul(wasm_f32x4_convert_i32x4(wasm_v128_and(wasm_v128_load(&ia[i]), mask)), scale);
    wasm_v128_store(&xs[i], wasm_f32x4_add(wasm_v128_load(&xs[i]), jitter));
  }
}

/* Nine-pixel sums of 8 pixels (u16) -> averages: (sum * 7282) >> 16 is sum / 9 for sum <= 2295. */
static v128_t average9(v128_t sum) {
  const v128_t ninth = wasm_i16x8_splat(7282);
  v128_t lo = wasm_u32x4_shr(wasm_u32x4_extmul_low_u16x8(sum, ninth), 16);
  v128_t hi = wasm_u32x4_shr(wasm_u32x4_extmul_high_u16x8(sum, ninth), 16);
  return wasm_u16x8_narrow_i32x4(lo, hi);
}

/* 16 pixels of one row plus their left and right neighbours, widened and summed into two u16x8. */
static void row_sums(const uint8_t *row, int x, v128_t *lo, v128_t *hi) {
  v128_t prev = wasm_v128_load(row + x - 16), cur = wasm_v128_load(row + x), next = wasm_v128_load(row + x + 16);
  v128_t left = wasm_i8x16_shuffle(prev, cur, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
  v128_t right = wasm_i8x16_shuffle(cur, next, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
  *lo = wasm_i16x8_add(*lo, wasm_i16x8_add(wasm_u16x8_extend_low_u8x16(left),
                        wasm_i16x8_add(wasm_u16x8_extend_low_u8x16(cur), wasm_u16x8_extend_low_u8x16(right))));
  *hi = wasm_i16x8_add(*hi, wasm_i16x8_add(wasm_u16x8_extend_high_u8x16(left),
                        wasm_i16x8_add(wasm_u16x8_extend_high_u8x16(cur), wasm_u16x8_extend_high_u8x16(right))));
}

/* Blurs img into tmp (borders copied), then img = tmp ^ pattern so the image never goes flat.
 * Returns a checksum of pixel sums and the count of bright pixels. */
static uint32_t blur(uint32_t round, uint32_t *bright) {
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x += 16)
      if (y == 0 || y == H - 1 || x == 0 || x == W - 16) wasm_v128_store(&tmp[y][x], wasm_v128_load(&img[y][x]));
  for (int y = 1; y < H - 1; y++) {
    for (int x = 16; x < W - 16; x += 16) {
      v128_t lo = wasm_i16x8_splat(0), hi = wasm_i16x8_splat(0);
      row_sums(img[y - 1], x, &lo, &hi);
      row_sums(img[y], x, &lo, &hi);
      row_sums(img[y + 1], x, &lo, &hi);
      wasm_v128_store(&tmp[y][x], wasm_u8x16_narrow_i16x8(average9(lo), average9(hi)));
    }
  }
  const v128_t pattern = wasm_i8x16_splat((int8_t)((round * 29u) & 0x7f));
  const v128_t threshold = wasm_u8x16_splat(160);
  v128_t sums = wasm_i32x4_splat(0);
  uint32_t count = 0;
  for (int y = 0; y < H; y++) {
    for (int x = 0; x < W; x += 16) {
      v128_t p = wasm_v128_xor(wasm_v128_load(&tmp[y][x]), pattern);
      p = wasm_u8x16_avgr(p, wasm_u8x16_sub_sat(wasm_u8x16_add_sat(p, wasm_u8x16_splat((uint8_t)(y & 31))), wasm_u8x16_splat(16)));
      wasm_v128_store(&img[y][x], p);
      sums = wasm_i32x4_add(sums, wasm_i32x4_extadd_pairwise_i16x8(wasm_u16x8_extadd_pairwise_u8x16(p)));
      count += (uint32_t)__builtin_popcount(wasm_i8x16_bitmask(wasm_u8x16_gt(p, threshold)));
    }
  }
  *bright = count;
  return (uint32_t)wasm_i32x4_extract_lane(sums, 0) * 3u + (uint32_t)wasm_i32x4_extract_lane(sums, 1) * 5u +
         (uint32_t)wasm_i32x4_extract_lane(sums, 2) * 7u + (uint32_t)wasm_i32x4_extract_lane(sums, 3) * 11u;
}

static v128_t rotl13(v128_t v) { return wasm_v128_or(wasm_i32x4_shl(v, 13), wasm_u32x4_shr(v, 19)); }

/* An integer hash over the two int arrays, lane-rotating one of them. Returns an xor of all lanes. */
static uint32_t mixer(uint32_t round) {
  const v128_t golden = wasm_i32x4_splat((int32_t)0x9E3779B1u);
  v128_t acc = wasm_i32x4_make(1, 2, 3, (int32_t)round);
  for (int i = 0; i < N; i += 4) {
    v128_t a = wasm_v128_load(&ia[i]), b = wasm_v128_load(&ib[i]);
    v128_t h = wasm_i32x4_add(wasm_i32x4_mul(a, golden), b);
    h = wasm_v128_xor(h, wasm_u32x4_shr(h, 15));
    h = rotl13(h);
    v128_t larger = wasm_i32x4_gt(h, b);
    v128_t picked = wasm_v128_bitselect(wasm_i32x4_sub(h, b), wasm_i32x4_max(h, b), larger);
    wasm_v128_store(&ia[i], picked);
    v128_t b2 = wasm_i32x4_shuffle(h, b, 1, 2, 3, 4);
    b2 = wasm_v128_xor(wasm_u32x4_min(b2, a), wasm_i32x4_shr(a, 3));
    wasm_v128_store(&ib[i], b2);
    acc = wasm_v128_xor(acc, wasm_i32x4_add(picked, b2));
  }
  acc = wasm_i32x4_replace_lane(acc, 0, wasm_i32x4_extract_lane(acc, 0) ^ (int32_t)round);
  return (uint32_t)(wasm_i32x4_extract_lane(acc, 0) ^ wasm_i32x4_extract_lane(acc, 1) ^
                    wasm_i32x4_extract_lane(acc, 2) ^ wasm_i32x4_extract_lane(acc, 3));
}

/* Plain C for clang's loop vectorizer: sum of absolute differences of two images' rows, and a
 * multiply-add over the int arrays. */
static uint32_t auto_vectorized(void) {
  uint32_t sad = 0;
  const uint8_t *p = &img[0][0], *q = &tmp[0][0];
  for (int i = 0; i < W * H; i++) sad += (uint32_t)abs((int)p[i] - (int)q[i]);
  uint32_t sum = 0;
  for (int i = 0; i < N; i++) {
    ib[i] = ib[i] * 3 + (ia[i] >> 2);
    sum += (uint32_t)ib[i];
  }
  return sad ^ (sum * 31u);
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 10000;
  if (rounds < 1) {
    fprintf(stderr, "simd: rounds must be a positive number\n");
    return 1;
  }
  fill();
  uint32_t dot_sum = 0, saxpy_sum = 0, blur_sum = 0, bright_sum = 0, mix_sum = 0, auto_sum = 0;
  float last_dot = 0.0f;
  for (int r = 0; r < rounds; r++) {
    last_dot = dot();
    dot_sum = mix(dot_sum, (uint32_t)(int32_t)(last_dot * 16.0f));
    saxpy_sum = mix(saxpy_sum, saxpy(0.375f + (float)(r & 7) / 64.0f));
    uint32_t bright;
    blur_sum = mix(blur_sum, blur((uint32_t)r, &bright));
    bright_sum += bright;
    mix_sum = mix(mix_sum, mixer((uint32_t)r));
    auto_sum = mix(auto_sum, auto_vectorized());
    ints_to_floats();
  }
  printf("rounds %d\n", rounds);
  printf("dot    %08x last %.4f\n", dot_sum, (double)last_dot);
  printf("saxpy  %08x\n", saxpy_sum);
  printf("blur   %08x bright %.4f%%\n", blur_sum, 100.0 * bright_sum / ((double)rounds * W * H));
  printf("mixer  %08x\n", mix_sum);
  printf("auto   %08x\n", auto_sum);
  printf("all    %08x\n", mix(mix(mix(mix(mix(dot_sum, saxpy_sum), blur_sum), bright_sum), mix_sum), auto_sum));
  return 0;
}
