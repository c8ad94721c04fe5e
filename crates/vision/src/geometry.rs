//! Plane geometry in frame pixel coordinates.
//!
//! Convention (the same as PIL and MediaPipe): pixel `(i, j)` covers `[i, i+1) × [j, j+1)`, so its
//! centre is at `(i + 0.5, j + 0.5)`. Landmarks, boxes and crops all live in these continuous
//! coordinates, which keeps crop → model → frame mappings exact.

use serde::{Deserialize, Serialize};

/// A point in the plane: frame pixels unless stated otherwise (y pointing down).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Horizontal coordinate.
    pub x: f32,
    /// Vertical coordinate (down is positive).
    pub y: f32,
}

impl Point {
    /// The point `(x, y)`.
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    /// Euclidean distance to `other`.
    pub fn distance(self, other: Point) -> f32 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    /// The point halfway between this one and `other`.
    pub fn midpoint(self, other: Point) -> Point {
        Point::new((self.x + other.x) * 0.5, (self.y + other.y) * 0.5)
    }
}

/// An axis-aligned box `[x0, x1) × [y0, y1)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    /// Left edge (inclusive).
    pub x0: f32,
    /// Top edge (inclusive).
    pub y0: f32,
    /// Right edge (exclusive).
    pub x1: f32,
    /// Bottom edge (exclusive).
    pub y1: f32,
}

impl Rect {
    /// `x1 - x0` (negative if the box is inverted).
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// `y1 - y0` (negative if the box is inverted).
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// The box's centre.
    pub fn center(&self) -> Point {
        Point::new((self.x0 + self.x1) * 0.5, (self.y0 + self.y1) * 0.5)
    }

    /// Width × height, 0 for an empty or inverted box.
    pub fn area(&self) -> f32 {
        self.width().max(0.0) * self.height().max(0.0)
    }

    /// Intersection over union with `other`, in `[0, 1]` (0 if both are empty).
    pub fn intersection_over_union(&self, other: &Rect) -> f32 {
        let w = (self.x1.min(other.x1) - self.x0.max(other.x0)).max(0.0);
        let h = (self.y1.min(other.y1) - self.y0.max(other.y0)).max(0.0);
        let inter = w * h;
        let union = self.area() + other.area() - inter;
        if union > 0.0 { inter / union } else { 0.0 }
    }

    /// Fraction of this box that lies inside `[0, width) × [0, height)`.
    pub fn fraction_inside(&self, width: f32, height: f32) -> f32 {
        let inside = Rect { x0: 0.0, y0: 0.0, x1: width, y1: height };
        let w = (self.x1.min(inside.x1) - self.x0.max(inside.x0)).max(0.0);
        let h = (self.y1.min(inside.y1) - self.y0.max(inside.y0)).max(0.0);
        let area = self.area();
        if area > 0.0 { (w * h / area).min(1.0) } else { 0.0 }
    }
}

/// A square region of the frame, possibly rotated: what a model's input tensor sees.
///
/// `angle` is the direction of the crop's x axis in frame coordinates (radians, y pointing down),
/// so a face whose eye line slopes by `angle` appears level in the crop.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RotatedSquare {
    /// Centre of the square, frame pixels.
    pub center: Point,
    /// Side length, frame pixels.
    pub side: f32,
    /// Direction of the crop's x axis, radians (see above).
    pub angle: f32,
}

impl RotatedSquare {
    /// The affine map from the pixels of a `size × size` crop to frame coordinates.
    pub fn crop_to_frame(&self, size: usize) -> Affine {
        let scale = self.side / size as f32;
        let (sin, cos) = self.angle.sin_cos();
        // A crop point (u, v) maps to center + (u - size/2)·scale·ex + (v - size/2)·scale·ey.
        let half = size as f32 * 0.5;
        let (a, b) = (cos * scale, -sin * scale);
        let (c, d) = (sin * scale, cos * scale);
        Affine { a, b, tx: self.center.x - a * half - b * half, c, d, ty: self.center.y - c * half - d * half }
    }
}

/// `x' = a·x + b·y + tx`, `y' = c·x + d·y + ty`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Affine {
    /// Coefficient of `x` in `x'`.
    pub a: f32,
    /// Coefficient of `y` in `x'`.
    pub b: f32,
    /// Translation of `x'`.
    pub tx: f32,
    /// Coefficient of `x` in `y'`.
    pub c: f32,
    /// Coefficient of `y` in `y'`.
    pub d: f32,
    /// Translation of `y'`.
    pub ty: f32,
}

impl Affine {
    /// Maps `p` through the transform.
    pub fn apply(&self, p: Point) -> Point {
        Point::new(self.a * p.x + self.b * p.y + self.tx, self.c * p.x + self.d * p.y + self.ty)
    }

    /// How many source pixels one destination pixel spans (geometric mean of the axes).
    pub fn scale(&self) -> f32 {
        (self.a * self.d - self.b * self.c).abs().sqrt()
    }

    /// The least-squares similarity transform (rotation, uniform scale, translation) taking
    /// `from[i]` onto `to[i]` (Umeyama without reflection). `None` when the points are degenerate.
    pub fn similarity(from: &[Point], to: &[Point]) -> Option<Affine> {
        if from.len() != to.len() || from.len() < 2 {
            return None;
        }
        let n = from.len() as f32;
        let mean = |pts: &[Point]| {
            let (sx, sy) = pts.iter().fold((0.0, 0.0), |(sx, sy), p| (sx + p.x, sy + p.y));
            Point::new(sx / n, sy / n)
        };
        let (mf, mt) = (mean(from), mean(to));
        let (mut sxx, mut sxy, mut var) = (0.0f32, 0.0f32, 0.0f32);
        for (f, t) in from.iter().zip(to) {
            let (fx, fy) = (f.x - mf.x, f.y - mf.y);
            let (tx, ty) = (t.x - mt.x, t.y - mt.y);
            sxx += fx * tx + fy * ty;
            sxy += fx * ty - fy * tx;
            var += fx * fx + fy * fy;
        }
        if var <= f32::EPSILON {
            return None;
        }
        let (a, c) = (sxx / var, sxy / var);
        Some(Affine { a, b: -c, tx: mt.x - (a * mf.x - c * mf.y), c, d: a, ty: mt.y - (c * mf.x + a * mf.y) })
    }

    /// The inverse transform; `None` when this one is singular.
    pub fn invert(&self) -> Option<Affine> {
        let det = self.a * self.d - self.b * self.c;
        if det.abs() <= f32::EPSILON {
            return None;
        }
        let (a, b, c, d) = (self.d / det, -self.b / det, -self.c / det, self.a / det);
        Some(Affine { a, b, tx: -(a * self.tx + b * self.ty), c, d, ty: -(c * self.tx + d * self.ty) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crop_to_frame_maps_corners_and_centre() {
        let sq = RotatedSquare { center: Point::new(100.0, 50.0), side: 40.0, angle: 0.0 };
        let m = sq.crop_to_frame(20);
        assert_eq!(m.apply(Point::new(10.0, 10.0)), Point::new(100.0, 50.0));
        assert_eq!(m.apply(Point::new(0.0, 0.0)), Point::new(80.0, 30.0));
        assert!((m.scale() - 2.0).abs() < 1e-6);
    }

    #[test]
    fn rotated_crop_x_axis_follows_angle() {
        let sq = RotatedSquare { center: Point::new(0.0, 0.0), side: 10.0, angle: std::f32::consts::FRAC_PI_2 };
        let m = sq.crop_to_frame(10);
        let right = m.apply(Point::new(6.0, 5.0));
        assert!(right.x.abs() < 1e-5 && (right.y - 1.0).abs() < 1e-5, "{right:?}");
    }

    #[test]
    fn similarity_recovers_a_known_transform() {
        let truth = RotatedSquare { center: Point::new(30.0, 40.0), side: 24.0, angle: 0.3 }.crop_to_frame(12);
        let from = [Point::new(1.0, 2.0), Point::new(9.0, 3.0), Point::new(5.0, 10.0)];
        let to: Vec<Point> = from.iter().map(|p| truth.apply(*p)).collect();
        let fit = Affine::similarity(&from, &to).unwrap();
        for p in from {
            let (a, b) = (fit.apply(p), truth.apply(p));
            assert!(a.distance(b) < 1e-3, "{a:?} vs {b:?}");
        }
        let back = fit.invert().unwrap();
        assert!(back.apply(to[1]).distance(from[1]) < 1e-3);
    }

    #[test]
    fn iou_and_inside_fraction() {
        let a = Rect { x0: 0.0, y0: 0.0, x1: 10.0, y1: 10.0 };
        let b = Rect { x0: 5.0, y0: 0.0, x1: 15.0, y1: 10.0 };
        assert!((a.intersection_over_union(&b) - 1.0 / 3.0).abs() < 1e-6);
        assert!((b.fraction_inside(10.0, 10.0) - 0.5).abs() < 1e-6);
        assert!(Point::new(0.0, 0.0).distance(Point::new(3.0, 4.0)) == 5.0);
    }
}
