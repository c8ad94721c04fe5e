//! Four `f32` lanes: wasm SIMD where the target has it, a plain array elsewhere.
//!
//! The kernels are written once over [`F32x4`], so a native build computes the very bits the
//! browser and the Workers compute: each lane operation is one IEEE add, multiply or
//! comparison, the same in both representations, and nothing is fused.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use core::arch::wasm32::*;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
type Lanes = v128;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
type Lanes = [f32; 4];

/// Four `f32` lanes: a wasm `v128` where the target has SIMD, a `[f32; 4]` elsewhere.
#[derive(Clone, Copy, Debug)]
pub struct F32x4(Lanes);

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl F32x4 {
    /// The four floats of `from`, as lanes 0–3.
    #[inline(always)]
    pub fn load(from: &[f32; 4]) -> Self {
        // SAFETY: an unaligned load of exactly the four floats `from` borrows.
        Self(unsafe { v128_load(from.as_ptr().cast()) })
    }

    /// Writes lanes 0–3 to `to`.
    #[inline(always)]
    pub fn store(self, to: &mut [f32; 4]) {
        // SAFETY: an unaligned store of exactly the four floats `to` borrows.
        unsafe { v128_store(to.as_mut_ptr().cast(), self.0) }
    }

    /// `value` in every lane.
    #[inline(always)]
    pub fn splat(value: f32) -> Self {
        Self(f32x4_splat(value))
    }

    #[inline(always)]
    fn add_lanes(self, other: Self) -> Self {
        Self(f32x4_add(self.0, other.0))
    }

    #[inline(always)]
    fn mul_lanes(self, other: Self) -> Self {
        Self(f32x4_mul(self.0, other.0))
    }

    /// Per lane `self < other ? other : self` (wasm's `pmax`).
    #[inline(always)]
    pub fn larger(self, other: Self) -> Self {
        Self(f32x4_pmax(self.0, other.0))
    }

    /// Per lane `other < self ? other : self` (wasm's `pmin`).
    #[inline(always)]
    pub fn smaller(self, other: Self) -> Self {
        Self(f32x4_pmin(self.0, other.0))
    }

    /// Lanes 0 and 2 of `low`, then of `high`.
    #[inline(always)]
    pub fn evens(low: Self, high: Self) -> Self {
        Self(i32x4_shuffle::<0, 2, 4, 6>(low.0, high.0))
    }

    /// Lanes 1 and 3 of `low`, then of `high`.
    #[inline(always)]
    pub fn odds(low: Self, high: Self) -> Self {
        Self(i32x4_shuffle::<1, 3, 5, 7>(low.0, high.0))
    }

    /// Lanes 1, 2, 3 of `self`, then lane 0 of `next`.
    #[inline(always)]
    pub fn shifted(self, next: Self) -> Self {
        Self(i32x4_shuffle::<1, 2, 3, 4>(self.0, next.0))
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
impl F32x4 {
    /// The four floats of `from`, as lanes 0–3.
    #[inline(always)]
    pub fn load(from: &[f32; 4]) -> Self {
        Self(*from)
    }

    /// Writes lanes 0–3 to `to`.
    #[inline(always)]
    pub fn store(self, to: &mut [f32; 4]) {
        *to = self.0;
    }

    /// `value` in every lane.
    #[inline(always)]
    pub fn splat(value: f32) -> Self {
        Self([value; 4])
    }

    #[inline(always)]
    fn add_lanes(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] + other.0[i]))
    }

    #[inline(always)]
    fn mul_lanes(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| self.0[i] * other.0[i]))
    }

    /// Per lane `self < other ? other : self` (wasm's `pmax`).
    #[inline(always)]
    pub fn larger(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| if self.0[i] < other.0[i] { other.0[i] } else { self.0[i] }))
    }

    /// Per lane `other < self ? other : self` (wasm's `pmin`).
    #[inline(always)]
    pub fn smaller(self, other: Self) -> Self {
        Self(std::array::from_fn(|i| if other.0[i] < self.0[i] { other.0[i] } else { self.0[i] }))
    }

    /// Lanes 0 and 2 of `low`, then of `high`.
    #[inline(always)]
    pub fn evens(low: Self, high: Self) -> Self {
        Self([low.0[0], low.0[2], high.0[0], high.0[2]])
    }

    /// Lanes 1 and 3 of `low`, then of `high`.
    #[inline(always)]
    pub fn odds(low: Self, high: Self) -> Self {
        Self([low.0[1], low.0[3], high.0[1], high.0[3]])
    }

    /// Lanes 1, 2, 3 of `self`, then lane 0 of `next`.
    #[inline(always)]
    pub fn shifted(self, next: Self) -> Self {
        Self([self.0[1], self.0[2], self.0[3], next.0[0]])
    }
}

impl std::ops::Add for F32x4 {
    type Output = Self;

    #[inline(always)]
    fn add(self, other: Self) -> Self {
        self.add_lanes(other)
    }
}

impl std::ops::Mul for F32x4 {
    type Output = Self;

    #[inline(always)]
    fn mul(self, other: Self) -> Self {
        self.mul_lanes(other)
    }
}

/// The four floats of `values` from `at` on (panics past the end, as indexing does).
#[inline(always)]
pub fn four(values: &[f32], at: usize) -> &[f32; 4] {
    values[at..at + 4].try_into().expect("a slice of four")
}

/// The four floats of `values` from `at` on, for writing.
#[inline(always)]
pub fn four_mut(values: &mut [f32], at: usize) -> &mut [f32; 4] {
    (&mut values[at..at + 4]).try_into().expect("a slice of four")
}
