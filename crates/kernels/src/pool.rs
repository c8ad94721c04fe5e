//! 2×2, stride-2 max pooling, one pair of input rows at a time.

use crate::KernelError;
use crate::lanes::{F32x4, four, four_mut};

/// `[planes, height, width]` → `[planes, height / 2, width / 2]`, each output the largest of
/// its 2×2 block (an odd last row or column is dropped, as ONNX's floor mode does).
pub fn max_pool_2x2(input: &[f32], [height, width]: [usize; 2], output: &mut [f32]) -> Result<(), KernelError> {
    let (plane_len, out_plane_len) = (height * width, (height / 2) * (width / 2));
    let planes = input.len().checked_div(plane_len).unwrap_or(0);
    if input.len() != planes * plane_len || output.len() != planes * out_plane_len {
        return Err(KernelError::shape(
            "max pool 2×2",
            format!("{} inputs, {} outputs for planes of {height}×{width}", input.len(), output.len()),
        ));
    }
    if out_plane_len == 0 {
        return Ok(());
    }
    for (plane, out_plane) in input.chunks_exact(plane_len).zip(output.chunks_exact_mut(out_plane_len)) {
        for (y, out_row) in out_plane.chunks_exact_mut(width / 2).enumerate() {
            let rows = &plane[2 * y * width..][..2 * width];
            halve_rows(&rows[..width], &rows[width..], out_row);
        }
    }
    Ok(())
}

/// `out[x]` = the largest of `top[2x]`, `top[2x + 1]`, `bottom[2x]`, `bottom[2x + 1]`, compared
/// as wasm's `pmax` does (`a < b ? b : a`). `top` and `bottom` hold at least `2 · out.len()`.
fn halve_rows(top: &[f32], bottom: &[f32], out: &mut [f32]) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_largest_of_each_block_and_refuses_what_does_not_fit() {
        let (height, width) = (5, 11);
        let input: Vec<f32> = (0..2 * height * width).map(|i| ((i * 7919) % 1013) as f32 / 97.0 - 5.0).collect();
        let mut out = vec![f32::NAN; 2 * 2 * 5];
        max_pool_2x2(&input, [height, width], &mut out).unwrap();
        for (i, value) in out.iter().enumerate() {
            let (plane, y, x) = (i / 10, i % 10 / 5, i % 5);
            let at = |dy: usize, dx: usize| input[(plane * height + 2 * y + dy) * width + 2 * x + dx];
            assert_eq!(*value, [at(0, 0), at(0, 1), at(1, 0), at(1, 1)].into_iter().fold(f32::MIN, f32::max));
        }
        assert!(max_pool_2x2(&input[1..], [height, width], &mut out).is_err(), "truncated input");
        assert!(max_pool_2x2(&input, [height, width], &mut out[1..]).is_err(), "short output");
        assert!(max_pool_2x2(&[1.0; 3], [1, 3], &mut []).is_ok(), "a single row pools to nothing");
    }
}
