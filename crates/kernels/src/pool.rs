//! 2×2, stride-2 max pooling, one pair of input rows at a time.

use crate::lanes::{F32x4, four, four_mut};

/// `out[x]` = the largest of `top[2x]`, `top[2x + 1]`, `bottom[2x]`, `bottom[2x + 1]`, compared
/// as wasm's `pmax` does (`a < b ? b : a`). `top` and `bottom` hold at least `2 · out.len()`.
pub fn halve_rows(top: &[f32], bottom: &[f32], out: &mut [f32]) {
    let pairs = |row: &[f32], x: usize| {
        let (low, high) = (F32x4::load(four(row, 2 * x)), F32x4::load(four(row, 2 * x + 4)));
        F32x4::evens(low, high).larger(F32x4::odds(low, high))
    };
    let whole = out.len() / 4 * 4;
    for x in (0..whole).step_by(4) {
        pairs(top, x).larger(pairs(bottom, x)).store(four_mut(out, x));
    }
    let larger = |a: f32, b: f32| if a < b { b } else { a };
    for (x, o) in out.iter_mut().enumerate().skip(whole) {
        *o = larger(larger(top[2 * x], top[2 * x + 1]), larger(bottom[2 * x], bottom[2 * x + 1]));
    }
}
