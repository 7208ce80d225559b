// @dl/kernels' native loops: the JavaScript loops of a training step (batch norm, max-pool
// gradient, im2col, leading-axis sums), compiled to wasm SIMD and run on the wasm backend's own
// heap. The module imports tfjs's memory and owns none: every pointer is a tensor's memory
// offset or a scratch tensor the caller allocated, and nothing here may touch the stack in linear
// memory or static data (either would overwrite tfjs's heap). scripts/build-native.mjs checks
// that the compiled module has no data segment and never moves its stack pointer.
//
// Each function computes exactly what its JavaScript twin in src/internal computes, in the same
// order and precision (float64 sums and affine steps), so the two give the same bits.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name))) 

static inline v128_t lo64(v128_t v) { return wasm_f64x2_promote_low_f32x4(v); }
static inline v128_t hi64(v128_t v) { return wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)); }
static inline v128_t to32(v128_t lo, v128_t hi) {
  return wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 1, 4, 5);
}

// acc[j] += x[r*c + j] over rows [0, rows), in row order (as the JavaScript loops).
static void sum_rows(const float *x, int rows, int c, double *acc) {
  if ((c & 3) == 0) {
    for (int r = 0; r < rows; r++, x += c) {
      for (int j = 0; j < c; j += 4) {
        v128_t v = wasm_v128_load(x + j);
        wasm_v128_store(acc + j, wasm_f64x2_add(wasm_v128_load(acc + j), lo64(v)));
        wasm_v128_store(acc + j + 2, wasm_f64x2_add(wasm_v128_load(acc + j + 2), hi64(v)));
      }
    }
  } else {
    for (int r = 0; r < rows; r++, x += c)
      for (int j = 0; j < c; j++) acc[j] += (double)x[j];
  }
}

// acc[j] += (x - mu[j])^2 over rows.
static void sum_sq_dev(const float *x, int rows, int c, const double *mu, double *acc) {
  if ((c & 3) == 0) {
    for (int r = 0; r < rows; r++, x += c) {
      for (int j = 0; j < c; j += 4) {
        v128_t v = wasm_v128_load(x + j);
        v128_t d0 = wasm_f64x2_sub(lo64(v), wasm_v128_load(mu + j));
        v128_t d1 = wasm_f64x2_sub(hi64(v), wasm_v128_load(mu + j + 2));
        wasm_v128_store(acc + j, wasm_f64x2_add(wasm_v128_load(acc + j), wasm_f64x2_mul(d0, d0)));
        wasm_v128_store(acc + j + 2, wasm_f64x2_add(wasm_v128_load(acc + j + 2), wasm_f64x2_mul(d1, d1)));
      }
    }
  } else {
    for (int r = 0; r < rows; r++, x += c)
      for (int j = 0; j < c; j++) {
        double d = (double)x[j] - mu[j];
        acc[j] += d * d;
      }
  }
}

// y = a[j]*u + b[j]*v + d[j] (f64, rounded to f32), u and v rows of c. With b == 0 and v == u:
// y = a*u + d (the forward's x*scale + shift).
static void affine2(const float *u, const float *v, int rows, int c, const double *a, const double *b, const double *d, float *y) {
  if ((c & 3) == 0) {
    for (int r = 0; r < rows; r++, u += c, v += c, y += c) {
      for (int j = 0; j < c; j += 4) {
        v128_t uu = wasm_v128_load(u + j);
        v128_t t0 = wasm_f64x2_mul(wasm_v128_load(a + j), lo64(uu));
        v128_t t1 = wasm_f64x2_mul(wasm_v128_load(a + j + 2), hi64(uu));
        if (b) {
          v128_t vv = wasm_v128_load(v + j);
          t0 = wasm_f64x2_add(t0, wasm_f64x2_mul(wasm_v128_load(b + j), lo64(vv)));
          t1 = wasm_f64x2_add(t1, wasm_f64x2_mul(wasm_v128_load(b + j + 2), hi64(vv)));
        }
        t0 = wasm_f64x2_add(t0, wasm_v128_load(d + j));
        t1 = wasm_f64x2_add(t1, wasm_v128_load(d + j + 2));
        wasm_v128_store(y + j, to32(t0, t1));
      }
    }
  } else {
    for (int r = 0; r < rows; r++, u += c, v += c, y += c)
      for (int j = 0; j < c; j++) {
        double t = a[j] * (double)u[j];
        if (b) t += b[j] * (double)v[j];
        y[j] = (float)(t + d[j]);
      }
  }
}

// Math.max for two floats: NaN if either is (which then equals no tap).
static inline float max_nan(float a, float b) { return a != a || b != b ? __builtin_nanf("") : a > b ? a : b; }

static void zero64(double *p, int n) {
  for (int i = 0; i < n; i++) p[i] = 0;
}

// Batch norm's training forward (batchNormTrainLoop). scratch: 4*c doubles.
EXPORT(bn_train)
void bn_train(const float *x, const float *gamma, const float *beta, int rows, int c, double eps, float *y, float *mean,
              float *variance, float *inv_std, double *scratch) {
  double *acc = scratch, *mu = scratch + c, *scale = scratch + 2 * c, *shift = scratch + 3 * c;
  zero64(acc, c);
  sum_rows(x, rows, c, acc);
  for (int j = 0; j < c; j++) mu[j] = acc[j] / rows;
  zero64(acc, c);
  sum_sq_dev(x, rows, c, mu, acc);
  for (int j = 0; j < c; j++) {
    double v = acc[j] / rows;
    double s = 1 / __builtin_sqrt(v + eps);
    mean[j] = (float)mu[j];
    variance[j] = (float)v;
    inv_std[j] = (float)s;
    scale[j] = s * (gamma ? (double)gamma[j] : 1);
    shift[j] = (beta ? (double)beta[j] : 0) - mu[j] * scale[j];
  }
  affine2(x, x, rows, c, scale, 0, shift, y);
}

// Its backward (batchNormTrainGradLoop). scratch: 5*c doubles.
EXPORT(bn_train_grad)
void bn_train_grad(const float *dy, const float *x, const float *mean, const float *inv_std, const float *gamma, int rows, int c,
                   float *dx, float *d_gamma, float *d_beta, double *scratch) {
  double *sum_dy = scratch, *sum_dyx = scratch + c, *a = scratch + 2 * c, *b = scratch + 3 * c, *d = scratch + 4 * c;
  zero64(sum_dy, 2 * c);
  // mean as float64 once, in d (overwritten below).
  for (int j = 0; j < c; j++) d[j] = (double)mean[j];
  const float *g = dy, *xx = x;
  if ((c & 3) == 0) {
    for (int r = 0; r < rows; r++, g += c, xx += c) {
      for (int j = 0; j < c; j += 4) {
        v128_t gv = wasm_v128_load(g + j), xv = wasm_v128_load(xx + j);
        v128_t g0 = lo64(gv), g1 = hi64(gv);
        wasm_v128_store(sum_dy + j, wasm_f64x2_add(wasm_v128_load(sum_dy + j), g0));
        wasm_v128_store(sum_dy + j + 2, wasm_f64x2_add(wasm_v128_load(sum_dy + j + 2), g1));
        v128_t c0 = wasm_f64x2_sub(lo64(xv), wasm_v128_load(d + j));
        v128_t c1 = wasm_f64x2_sub(hi64(xv), wasm_v128_load(d + j + 2));
        wasm_v128_store(sum_dyx + j, wasm_f64x2_add(wasm_v128_load(sum_dyx + j), wasm_f64x2_mul(g0, c0)));
        wasm_v128_store(sum_dyx + j + 2, wasm_f64x2_add(wasm_v128_load(sum_dyx + j + 2), wasm_f64x2_mul(g1, c1)));
      }
    }
  } else {
    for (int r = 0; r < rows; r++, g += c, xx += c)
      for (int j = 0; j < c; j++) {
        double gj = (double)g[j];
        sum_dy[j] += gj;
        sum_dyx[j] += gj * ((double)xx[j] - d[j]);
      }
  }
  for (int j = 0; j < c; j++) {
    double s = (double)inv_std[j];
    double dg = sum_dyx[j] * s;
    d_beta[j] = (float)sum_dy[j];
    d_gamma[j] = (float)dg;
    double k = (gamma ? (double)gamma[j] : 1) * s;
    a[j] = k;
    b[j] = (-k * s * dg) / rows;
    d[j] = (-k * sum_dy[j]) / rows - b[j] * (double)mean[j];
  }
  affine2(dy, x, rows, c, a, b, d, dx);
}

// MaxPoolGrad for 2x2 windows at stride 2 tiling the input (maxPoolGradTiled2x2Loop): each dy
// goes to the first tap equal to its window's maximum; a NaN window passes nothing.
EXPORT(max_pool_grad_2x2)
void max_pool_grad_2x2(const float *dy, const float *x, int n, int h, int w, int c, float *dx) {
  const int oh = h / 2, ow = w / 2, row = w * c;
  for (int b = 0; b < n; b++) {
    for (int oy = 0; oy < oh; oy++) {
      int i0 = (b * h + 2 * oy) * row;
      for (int ox = 0; ox < ow; ox++, i0 += 2 * c, dy += c) {
        const int i1 = i0 + c, i2 = i0 + row, i3 = i2 + c;
        int j = 0;
        for (; j + 4 <= c; j += 4) {
          v128_t v0 = wasm_v128_load(x + i0 + j), v1 = wasm_v128_load(x + i1 + j);
          v128_t v2 = wasm_v128_load(x + i2 + j), v3 = wasm_v128_load(x + i3 + j);
          v128_t m = wasm_f32x4_max(wasm_f32x4_max(v0, v1), wasm_f32x4_max(v2, v3));
          v128_t g = wasm_v128_load(dy + j);
          v128_t e0 = wasm_f32x4_eq(v0, m);
          v128_t rest = wasm_v128_not(e0);
          v128_t e1 = wasm_v128_and(wasm_f32x4_eq(v1, m), rest);
          rest = wasm_v128_andnot(rest, e1);
          v128_t e2 = wasm_v128_and(wasm_f32x4_eq(v2, m), rest);
          rest = wasm_v128_andnot(rest, e2);
          v128_t e3 = wasm_v128_and(wasm_f32x4_eq(v3, m), rest);
          wasm_v128_store(dx + i0 + j, wasm_v128_and(g, e0));
          wasm_v128_store(dx + i1 + j, wasm_v128_and(g, e1));
          wasm_v128_store(dx + i2 + j, wasm_v128_and(g, e2));
          wasm_v128_store(dx + i3 + j, wasm_v128_and(g, e3));
        }
        for (; j < c; j++) {
          float v0 = x[i0 + j], v1 = x[i1 + j], v2 = x[i2 + j], v3 = x[i3 + j], g = dy[j];
          float m = max_nan(max_nan(v0, v1), max_nan(v2, v3));
          int e0 = v0 == m, e1 = !e0 && v1 == m, e2 = !e0 && !e1 && v2 == m, e3 = !e0 && !e1 && !e2 && v3 == m;
          dx[i0 + j] = e0 ? g : 0;
          dx[i1 + j] = e1 ? g : 0;
          dx[i2 + j] = e2 ? g : 0;
          dx[i3 + j] = e3 ? g : 0;
        }
      }
    }
  }
}

// The transposed im2col (im2colT): cols[(ky*kw + kx)*c + ci, m] for images b0 .. b0+nb-1.
EXPORT(im2col_t)
void im2col_t(float *cols, const float *x, int h, int w, int c, int oh, int ow, int kh, int kw, int sh, int sw, int dh, int dw,
              int top, int left, int b0, int nb) {
  const int m_total = nb * oh * ow;
  for (int b = b0; b < b0 + nb; b++) {
    const float *image = x + b * h * w * c;
    const int m_image = (b - b0) * oh * ow;
    for (int ky = 0; ky < kh; ky++) {
      for (int kx = 0; kx < kw; kx++) {
        const int k_base = (ky * kw + kx) * c;
        // The output columns whose tap lands inside the row: [ox0, ox1).
        int ox0 = 0, ox1 = ow;
        while (ox0 < ow && ox0 * sw - left + kx * dw < 0) ox0++;
        while (ox1 > ox0 && (ox1 - 1) * sw - left + kx * dw >= w) ox1--;
        for (int ci = 0; ci < c; ci++) {
          float *to = cols + (k_base + ci) * m_total + m_image;
          for (int oy = 0; oy < oh; oy++, to += ow) {
            const int iy = oy * sh - top + ky * dh;
            if (iy < 0 || iy >= h) {
              for (int ox = 0; ox < ow; ox++) to[ox] = 0;
              continue;
            }
            const float *from = image + iy * w * c + ci + (kx * dw - left) * c;
            int ox = 0;
            for (; ox < ox0; ox++) to[ox] = 0;
            if (sw == 1) {
              for (; ox < ox1; ox++) to[ox] = from[ox * c];
            } else {
              for (; ox < ox1; ox++) to[ox] = from[ox * sw * c];
            }
            for (; ox < ow; ox++) to[ox] = 0;
          }
        }
      }
    }
  }
}

// Conv2DBackpropFilter for few input channels (a network's first layer):
//   dW[ky,kx,ci,co] = sum over b,oy,ox of x[b, oy*sh - top + ky*dh, ox*sw - left + kx*dw, ci] * dy[b,oy,ox,co]
// straight from x and dy, one pass over dy. With c < 8 the im2col + GEMM path spends most of its
// time packing dy (the GEMM's large operand) rather than multiplying. Each output row's
// contribution is summed in float32 registers (at most ow terms), then added to float64
// accumulators (acc: kh*kw*c*oc doubles), so the long sum over rows is as accurate as the
// JavaScript loop's (conv2dFilterGradLoop), though not the same bits.
static inline void add_f64(double *a, v128_t v) {
  wasm_v128_store(a, wasm_f64x2_add(wasm_v128_load(a), lo64(v)));
  wasm_v128_store(a + 2, wasm_f64x2_add(wasm_v128_load(a + 2), hi64(v)));
}

EXPORT(conv_filter_grad_direct)
void conv_filter_grad_direct(const float *x, const float *dy, int n, int h, int w, int c, int oh, int ow, int oc, int kh, int kw,
                             int sh, int sw, int dh, int dw, int top, int left, double *acc, float *out) {
  const int total = kh * kw * c * oc;
  zero64(acc, total);
  const int xs = sw * c;
  for (int b = 0; b < n; b++) {
    for (int oy = 0; oy < oh; oy++) {
      const float *dy_row = dy + (b * oh + oy) * ow * oc;
      for (int ky = 0; ky < kh; ky++) {
        const int iy = oy * sh - top + ky * dh;
        if (iy < 0 || iy >= h) continue;
        const float *x_row = x + (b * h + iy) * w * c;
        for (int kx = 0; kx < kw; kx++) {
          // The output columns whose tap lands inside the row: [ox0, ox1).
          int ox0 = 0, ox1 = ow;
          while (ox0 < ow && ox0 * sw - left + kx * dw < 0) ox0++;
          while (ox1 > ox0 && (ox1 - 1) * sw - left + kx * dw >= w) ox1--;
          if (ox0 >= ox1) continue;
          for (int ci = 0; ci < c; ci++) {
            const float *xp = x_row + (kx * dw - left) * c + ci;
            double *a = acc + ((ky * kw + kx) * c + ci) * oc;
            int j = 0;
            for (; j + 16 <= oc; j += 16) {
              v128_t s0 = wasm_f32x4_splat(0), s1 = s0, s2 = s0, s3 = s0;
              const float *d = dy_row + ox0 * oc + j;
              for (int ox = ox0; ox < ox1; ox++, d += oc) {
                const v128_t xv = wasm_f32x4_splat(xp[ox * xs]);
                s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(xv, wasm_v128_load(d)));
                s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(xv, wasm_v128_load(d + 4)));
                s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(xv, wasm_v128_load(d + 8)));
                s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(xv, wasm_v128_load(d + 12)));
              }
              add_f64(a + j, s0);
              add_f64(a + j + 4, s1);
              add_f64(a + j + 8, s2);
              add_f64(a + j + 12, s3);
            }
            for (; j + 4 <= oc; j += 4) {
              v128_t s0 = wasm_f32x4_splat(0);
              const float *d = dy_row + ox0 * oc + j;
              for (int ox = ox0; ox < ox1; ox++, d += oc) s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_f32x4_splat(xp[ox * xs]), wasm_v128_load(d)));
              add_f64(a + j, s0);
            }
            for (; j < oc; j++) {
              float s = 0;
              for (int ox = ox0; ox < ox1; ox++) s += xp[ox * xs] * dy_row[ox * oc + j];
              a[j] += s;
            }
          }
        }
      }
    }
  }
  for (int i = 0; i < total; i++) out[i] = (float)acc[i];
}

// Sum over leading axes: out[j] = scale * sum_r x[r*inner + j]. scratch: inner doubles.
EXPORT(sum_leading)
void sum_leading(const float *x, int outer, int inner, double scale, float *out, double *scratch) {
  zero64(scratch, inner);
  sum_rows(x, outer, inner, scratch);
  for (int j = 0; j < inner; j++) out[j] = (float)(scratch[j] * scale);
}

// Sum over trailing axes: out[r] = scale * sum_j x[r*inner + j], accumulated in order.
EXPORT(sum_trailing)
void sum_trailing(const float *x, int outer, int inner, double scale, float *out) {
  for (int r = 0; r < outer; r++, x += inner) {
    double s = 0;
    for (int j = 0; j < inner; j++) s += (double)x[j];
    out[r] = (float)(s * scale);
  }
}

// The fused optimizer steps (sgdStepLoop, adamStepLoop): every operation rounds to float32 in
// the composed ops' order, so the results equal @dl/optim's composed path bit for bit. Scalars
// arrive as float64 and are rounded here as the JavaScript loops round them (Math.fround).
// wd == 1 adds p itself (the composed chain skips the multiply).
static inline v128_t decay(v128_t g, const float *p, int i, float wd, int wd_one) {
  v128_t pv = wasm_v128_load(p + i);
  return wasm_f32x4_add(g, wd_one ? pv : wasm_f32x4_mul(pv, wasm_f32x4_splat(wd)));
}
static inline float decay1(float g, const float *p, int i, float wd, int wd_one) { return g + (wd_one ? p[i] : p[i] * wd); }

// Outputs: update = -lr * u, and buf (when momentum > 0). buf0 null on the first step.
EXPORT(sgd_step)
void sgd_step(int n, double lr, double momentum, double dampening, int nesterov, double weight_decay, int maximize, int first,
              const float *grad, const float *buf0, const float *param, float *update, float *buf1) {
  const float momf = (float)momentum, damp1f = (float)(1 - dampening), neglr = (float)-lr, wdf = (float)weight_decay;
  const int damp_one = 1 - dampening == 1, mom_one = momentum == 1, wd_one = weight_decay == 1, has_wd = weight_decay != 0;
  const float sign = maximize ? -1.0f : 1.0f;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t u = wasm_f32x4_mul(wasm_v128_load(grad + i), wasm_f32x4_splat(sign));
    if (has_wd) u = decay(u, param, i, wdf, wd_one);
    if (buf1) {
      v128_t g = u, b;
      if (first) b = g;
      else {
        v128_t decayed = wasm_f32x4_mul(wasm_v128_load(buf0 + i), wasm_f32x4_splat(momf));
        b = wasm_f32x4_add(decayed, damp_one ? g : wasm_f32x4_mul(g, wasm_f32x4_splat(damp1f)));
      }
      wasm_v128_store(buf1 + i, b);
      u = nesterov ? wasm_f32x4_add(g, mom_one ? b : wasm_f32x4_mul(b, wasm_f32x4_splat(momf))) : b;
    }
    wasm_v128_store(update + i, wasm_f32x4_mul(u, wasm_f32x4_splat(neglr)));
  }
  for (; i < n; i++) {
    float u = grad[i] * sign;
    if (has_wd) u = decay1(u, param, i, wdf, wd_one);
    if (buf1) {
      float g = u, b;
      if (first) b = g;
      else {
        float decayed = buf0[i] * momf;
        b = decayed + (damp_one ? g : g * damp1f);
      }
      buf1[i] = b;
      u = nesterov ? g + (mom_one ? b : b * momf) : b;
    }
    update[i] = u * neglr;
  }
}

// Outputs: update, m, v, and vMax (amsgrad). Coupled weight decay enters the gradient,
// decoupled decay the update (AdamW), as adamStepLoop.
EXPORT(adam_step)
void adam_step(int n, double lr, double beta1, double beta2, double eps, double bias_correction1, double bias_correction2_sqrt,
               double weight_decay, int decoupled, int maximize, const float *grad, const float *m0, const float *v0,
               const float *vmax0, const float *param, float *update, float *m1, float *v1, float *vmax1) {
  const float b1 = (float)beta1, omb1 = (float)(1 - beta1), b2 = (float)beta2, omb2 = (float)(1 - beta2);
  const float epsf = (float)eps, bc1 = (float)bias_correction1, bc2 = (float)bias_correction2_sqrt, neglr = (float)-lr;
  const float wdf = (float)weight_decay;
  const int wd_one = weight_decay == 1;
  const int coupled = !decoupled && weight_decay != 0, dec = decoupled && weight_decay != 0;
  const float sign = maximize ? -1.0f : 1.0f;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t g = wasm_f32x4_mul(wasm_v128_load(grad + i), wasm_f32x4_splat(sign));
    if (coupled) g = decay(g, param, i, wdf, wd_one);
    v128_t m = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m0 + i), wasm_f32x4_splat(b1)), wasm_f32x4_mul(g, wasm_f32x4_splat(omb1)));
    v128_t v = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v0 + i), wasm_f32x4_splat(b2)),
                              wasm_f32x4_mul(wasm_f32x4_mul(g, g), wasm_f32x4_splat(omb2)));
    wasm_v128_store(m1 + i, m);
    wasm_v128_store(v1 + i, v);
    v128_t vh = v;
    if (vmax1) {
      v128_t old = wasm_v128_load(vmax0 + i);
      // old when old > v or old is NaN, else v (adamStepLoop's choice, NaN kept).
      v128_t keep = wasm_v128_or(wasm_f32x4_gt(old, v), wasm_f32x4_ne(old, old));
      vh = wasm_v128_bitselect(old, v, keep);
      wasm_v128_store(vmax1 + i, vh);
    }
    v128_t denom = wasm_f32x4_add(wasm_f32x4_div(wasm_f32x4_sqrt(vh), wasm_f32x4_splat(bc2)), wasm_f32x4_splat(epsf));
    v128_t u = wasm_f32x4_div(wasm_f32x4_div(m, denom), wasm_f32x4_splat(bc1));
    if (dec) u = decay(u, param, i, wdf, wd_one);
    wasm_v128_store(update + i, wasm_f32x4_mul(u, wasm_f32x4_splat(neglr)));
  }
  for (; i < n; i++) {
    float g = grad[i] * sign;
    if (coupled) g = decay1(g, param, i, wdf, wd_one);
    float m = m0[i] * b1 + g * omb1;
    float v = v0[i] * b2 + (g * g) * omb2;
    m1[i] = m;
    v1[i] = v;
    float vh = v;
    if (vmax1) {
      float old = vmax0[i];
      vh = old > v || old != old ? old : v;
      vmax1[i] = vh;
    }
    float denom = __builtin_sqrtf(vh) / bc2 + epsf;
    float u = (m / denom) / bc1;
    if (dec) u = decay1(u, param, i, wdf, wd_one);
    update[i] = u * neglr;
  }
}

// MaxPoolGrad for any window (maxPoolGradLoop): each dy goes to the first tap of its window
// holding the window's maximum (row-major; `v > best`, so NaN never wins and a window with
// nothing above -Infinity passes nothing). Four channels at a time keep their running maximum
// and its index in vectors; the gradients are then added lane by lane, in the same order as the
// JavaScript loop.
static inline void route(float *dx, int at, float g) {
  if (at >= 0) dx[at] += g;
}
EXPORT(max_pool_grad)
void max_pool_grad(const float *dy, const float *x, int n, int h, int w, int c, int oh, int ow, int kh, int kw, int sh, int sw,
                   int dh, int dw, int top, int left, float *dx) {
  const int total = n * h * w * c;
  for (int i = 0; i < total; i++) dx[i] = 0;
  for (int b = 0; b < n; b++) {
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++, dy += c) {
        int j = 0;
        for (; j + 4 <= c; j += 4) {
          v128_t best = wasm_f32x4_splat(-__builtin_inff()), at = wasm_i32x4_splat(-1);
          for (int ky = 0; ky < kh; ky++) {
            const int iy = oy * sh - top + ky * dh;
            if (iy < 0 || iy >= h) continue;
            for (int kx = 0; kx < kw; kx++) {
              const int ix = ox * sw - left + kx * dw;
              if (ix < 0 || ix >= w) continue;
              const int i = ((b * h + iy) * w + ix) * c + j;
              const v128_t v = wasm_v128_load(x + i);
              const v128_t gt = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, gt);
              at = wasm_v128_bitselect(wasm_i32x4_make(i, i + 1, i + 2, i + 3), at, gt);
            }
          }
          route(dx, wasm_i32x4_extract_lane(at, 0), dy[j]);
          route(dx, wasm_i32x4_extract_lane(at, 1), dy[j + 1]);
          route(dx, wasm_i32x4_extract_lane(at, 2), dy[j + 2]);
          route(dx, wasm_i32x4_extract_lane(at, 3), dy[j + 3]);
        }
        for (; j < c; j++) {
          float best = -__builtin_inff();
          int at = -1;
          for (int ky = 0; ky < kh; ky++) {
            const int iy = oy * sh - top + ky * dh;
            if (iy < 0 || iy >= h) continue;
            for (int kx = 0; kx < kw; kx++) {
              const int ix = ox * sw - left + kx * dw;
              if (ix < 0 || ix >= w) continue;
              const int i = ((b * h + iy) * w + ix) * c + j;
              if (x[i] > best) {
                best = x[i];
                at = i;
              }
            }
          }
          route(dx, at, dy[j]);
        }
      }
    }
  }
}

// Conv2DBackpropInput's first step: dy [n, oh, ow, o] spread by the strides into a zeroed
// [n, hp, wp, o] at offset (p, q); rows that fall outside are dropped.
EXPORT(spread_pad)
void spread_pad(const float *dy, int n, int oh, int ow, int o, int hp, int wp, int p, int q, int sh, int sw, float *out) {
  const int total = n * hp * wp * o;
  for (int i = 0; i < total; i++) out[i] = 0;
  for (int b = 0; b < n; b++) {
    for (int oy = 0; oy < oh; oy++) {
      const int py = p + oy * sh;
      if (py < 0 || py >= hp) continue;
      for (int ox = 0; ox < ow; ox++) {
        const int px = q + ox * sw;
        if (px < 0 || px >= wp) continue;
        const float *from = dy + ((b * oh + oy) * ow + ox) * o;
        float *to = out + ((b * hp + py) * wp + px) * o;
        for (int k = 0; k < o; k++) to[k] = from[k];
      }
    }
  }
}
