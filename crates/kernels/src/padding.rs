//! Zero padding around a plane, and the size of what a kernel sliding over it produces.

/// Zero rows above and columns left (`before`), rows below and columns right (`after`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Padding {
    /// Zero rows above and zero columns to the left: `[rows, columns]`.
    pub before: [usize; 2],
    /// Zero rows below and zero columns to the right: `[rows, columns]`.
    pub after: [usize; 2],
}

impl Padding {
    /// Height and width of a `height × width` plane once padded.
    pub fn padded(&self, [height, width]: [usize; 2]) -> [usize; 2] {
        [self.before[0] + height + self.after[0], self.before[1] + width + self.after[1]]
    }

    /// Output height and width of a `kernel` moved by `stride` over the padded plane, if the
    /// plane is not empty and the kernel fits in it at least once.
    pub fn output_size(&self, size: [usize; 2], kernel: [usize; 2], stride: usize) -> Option<[usize; 2]> {
        let padded = self.padded(size);
        let fits = stride > 0 && size[0] * size[1] > 0 && padded.iter().zip(kernel).all(|(p, k)| *p >= k);
        fits.then(|| [0, 1].map(|axis| (padded[axis] - kernel[axis]) / stride + 1))
    }

    /// Copies `plane` (rows of `width`) inside the borders of `padded` (rows of `row_len`),
    /// whose borders are left as they are: zero.
    pub(crate) fn copy_into(&self, plane: &[f32], width: usize, padded: &mut [f32], row_len: usize) {
        for (y, row) in plane.chunks_exact(width).enumerate() {
            padded[(self.before[0] + y) * row_len + self.before[1]..][..width].copy_from_slice(row);
        }
    }
}
