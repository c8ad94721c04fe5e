//! The talking-face synthesizer: a still photo made to say digits.
//!
//! The lips and jaw of the still face's own mesh are moved to a target mouth shape (open, spread
//! or rounded); every pixel of the lower face follows the interpolated displacement of those
//! control points (inverse-distance weighting, faded out at the edge of the region), the opened
//! mouth is painted dark with a band of teeth, then the whole head moves a little and sensor noise
//! is added, so no two frames are identical — as with a real camera.

use wangban_testdata::Image;
use wangban_vision::mesh::Landmark;
use wangban_vision::{FrameRef, Point, Vision};

use crate::raster::{add_noise, distance_to_outline, inside_polygon, put, remap, sample};

/// A mouth shape: `open` 0 (closed) to 1 (jaw dropped), `spread` −1 (rounded) to +1 (spread).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MouthPose {
    pub open: f32,
    pub spread: f32,
}

/// A small head movement: translation in pixels, rotation in radians, scale factor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeadPose {
    pub dx: f32,
    pub dy: f32,
    pub angle: f32,
    pub scale: f32,
}

impl HeadPose {
    pub const STILL: HeadPose = HeadPose { dx: 0.0, dy: 0.0, angle: 0.0, scale: 1.0 };

    /// The natural sway of a person sitting in front of a phone, `t_ms` into the recording.
    pub fn sway(t_ms: i32, phase: f32) -> HeadPose {
        let t = t_ms as f32 / 1000.0;
        let tau = std::f32::consts::TAU;
        HeadPose {
            dx: 3.0 * (tau * 0.31 * t + phase).sin() + 1.0 * (tau * 1.7 * t).sin(),
            dy: 2.0 * (tau * 0.23 * t + 2.0 * phase).sin(),
            angle: 0.02 * (tau * 0.19 * t + phase).sin(),
            scale: 1.0 + 0.015 * (tau * 0.13 * t).sin(),
        }
    }
}

const UPPER_OUTER: [usize; 9] = [185, 40, 39, 37, 0, 267, 269, 270, 409];
const LOWER_OUTER: [usize; 9] = [146, 91, 181, 84, 17, 314, 405, 321, 375];
const UPPER_INNER: [usize; 9] = [191, 80, 81, 82, 13, 312, 311, 310, 415];
const LOWER_INNER: [usize; 9] = [95, 88, 178, 87, 14, 317, 402, 318, 324];
const CORNERS: [usize; 4] = [61, 291, 78, 308];
const JAW: [usize; 15] = [152, 148, 176, 149, 150, 377, 400, 378, 379, 175, 199, 200, 18, 171, 396];
/// Points that stay put: nose, eyes, the outer cheeks and the forehead. Nothing close to the
/// mouth corners, which must be free to widen and narrow.
const ANCHORS: [usize; 21] = [1, 2, 98, 327, 168, 6, 5, 4, 33, 133, 362, 263, 234, 454, 93, 323, 132, 361, 50, 280, 10];
/// The inner-lip contour, in order around the mouth.
const INNER_CONTOUR: [usize; 20] =
    [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95];

#[derive(Clone, Copy)]
enum Part {
    UpperLip,
    LowerLip,
    Corner,
    Jaw,
    Anchor,
}

/// A still face, ready to be animated.
pub struct TalkingFace {
    base: Image,
    landmarks: Vec<Landmark>,
    controls: Vec<(usize, Part)>,
    mouth_center: Point,
    ex: Point,
    ey: Point,
    half_width: f32,
    eye_distance: f32,
    /// The lower face, where pixels may move: (x0, y0, x1, y1).
    region: (f32, f32, f32, f32),
    face_center: Point,
}

impl TalkingFace {
    /// Finds the face in `still` with the real vision pipeline; `None` if there is none.
    pub fn new(still: Image, vision: &mut Vision) -> Option<TalkingFace> {
        let frame = FrameRef::packed(still.width, still.height, &still.rgba).ok()?;
        let face = vision.analyze_still(&frame).ok()?.face?;
        let lm = face.landmarks;
        let (c_r, c_l) = (lm[61].xy(), lm[291].xy());
        let mouth_center = c_r.midpoint(c_l);
        let half_width = c_r.distance(c_l) / 2.0;
        let ex = Point::new((c_l.x - c_r.x) / (2.0 * half_width), (c_l.y - c_r.y) / (2.0 * half_width));
        let ey = Point::new(-ex.y, ex.x);
        let mut controls = Vec::new();
        controls.extend(UPPER_OUTER.iter().chain(&UPPER_INNER).map(|&i| (i, Part::UpperLip)));
        controls.extend(LOWER_OUTER.iter().chain(&LOWER_INNER).map(|&i| (i, Part::LowerLip)));
        controls.extend(CORNERS.iter().map(|&i| (i, Part::Corner)));
        controls.extend(JAW.iter().map(|&i| (i, Part::Jaw)));
        controls.extend(ANCHORS.iter().map(|&i| (i, Part::Anchor)));
        let iod = face.inter_ocular_px;
        let region = (
            lm[234].x.min(lm[132].x) - 0.1 * iod,
            lm[6].y,
            lm[454].x.max(lm[361].x) + 0.1 * iod,
            lm[152].y + 0.8 * iod,
        );
        Some(TalkingFace {
            face_center: face.bbox.center(),
            base: still,
            landmarks: lm,
            controls,
            mouth_center,
            ex,
            ey,
            half_width,
            eye_distance: iod,
            region,
        })
    }

    pub fn size(&self) -> (u32, u32) {
        (self.base.width, self.base.height)
    }

    /// The square around the face in a frame rendered from this face, for contact sheets.
    pub fn portrait(&self, frame: &Image) -> Image {
        let side = 4.0 * self.eye_distance;
        let corner = |c: f32| (c - side / 2.0).max(0.0) as u32;
        frame.crop(corner(self.face_center.x), corner(self.face_center.y), side as u32, side as u32)
    }

    /// Where each control point goes for `mouth`, as a displacement in image pixels.
    fn displacements(&self, mouth: MouthPose) -> Vec<(Point, Point)> {
        let jaw_drop = mouth.open.clamp(0.0, 1.2) * 0.45 * self.eye_distance;
        let rounding = (-mouth.spread).max(0.0);
        let width_factor = 1.0 + 0.3 * mouth.spread.clamp(-1.0, 1.0);
        self.controls
            .iter()
            .map(|&(i, part)| {
                let p = self.landmarks[i].xy();
                let rel = Point::new(p.x - self.mouth_center.x, p.y - self.mouth_center.y);
                let u = (rel.x * self.ex.x + rel.y * self.ex.y) / self.half_width;
                let centrality = (1.0 - u * u).max(0.0);
                let pucker = rounding * 0.12 * self.half_width * centrality;
                let (du, dv) = match part {
                    Part::UpperLip => {
                        (u * self.half_width * (width_factor - 1.0), -0.2 * jaw_drop * centrality - pucker)
                    }
                    Part::LowerLip => {
                        (u * self.half_width * (width_factor - 1.0), jaw_drop * (1.0 - 0.5 * u * u) + pucker)
                    }
                    Part::Corner => (u * self.half_width * (width_factor - 1.0), 0.4 * jaw_drop),
                    Part::Jaw => (0.0, jaw_drop),
                    Part::Anchor => (0.0, 0.0),
                };
                (p, Point::new(du * self.ex.x + dv * self.ey.x, du * self.ex.y + dv * self.ey.y))
            })
            .collect()
    }

    /// Renders one frame. `noise_seed` varies the sensor noise between frames.
    pub fn render(&self, mouth: MouthPose, head: HeadPose, noise_seed: u64) -> Image {
        let moves = self.displacements(mouth);
        let (x0, y0, x1, y1) = self.region;
        let fade = 0.15 * (x1 - x0).min(y1 - y0);
        let field = |q: Point| -> Point {
            if q.x < x0 || q.x > x1 || q.y < y0 || q.y > y1 {
                return Point::default();
            }
            let edge = (q.x - x0).min(x1 - q.x).min(q.y - y0).min(y1 - q.y);
            let mask = (edge / fade).min(1.0);
            let (mut sx, mut sy, mut sw) = (0.0f32, 0.0f32, 0.0f32);
            for (p, d) in &moves {
                let dist2 = (q.x - p.x).powi(2) + (q.y - p.y).powi(2);
                let w = 1.0 / (dist2 + 4.0);
                sx += w * d.x;
                sy += w * d.y;
                sw += w;
            }
            Point::new(sx / sw * mask, sy / sw * mask)
        };
        // Inverse warp: find the source q with q + field(q) = p (two fixed-point steps).
        let mut mouthed = remap(&self.base, |p| {
            let mut q = p;
            for _ in 0..2 {
                let d = field(q);
                q = Point::new(p.x - d.x, p.y - d.y);
            }
            q
        });
        self.paint_mouth_interior(&mut mouthed, &moves, mouth);
        let (s, c) = head.angle.sin_cos();
        let k = head.scale;
        let o = self.face_center;
        let mut frame = remap(&mouthed, |p| {
            // Inverse of: rotate and scale about the face centre, then translate.
            let (x, y) = (p.x - o.x - head.dx, p.y - o.y - head.dy);
            Point::new(o.x + (c * x + s * y) / k, o.y + (-s * x + c * y) / k)
        });
        add_noise(&mut frame, 2, noise_seed);
        frame
    }

    /// Dark mouth cavity with a band of upper teeth inside the moved inner-lip contour.
    fn paint_mouth_interior(&self, img: &mut Image, moves: &[(Point, Point)], mouth: MouthPose) {
        if mouth.open < 0.08 && mouth.spread.abs() < 0.3 {
            return;
        }
        let moved = |i: usize| {
            let k = self.controls.iter().position(|(j, _)| *j == i).expect("contour point is a control");
            let (p, d) = moves[k];
            Point::new(p.x + d.x, p.y + d.y)
        };
        let contour: Vec<Point> = INNER_CONTOUR.iter().map(|&i| moved(i)).collect();
        let (top, bottom) = (moved(13), moved(14));
        let gap = top.distance(bottom).max(1.0);
        let (mut bx0, mut by0, mut bx1, mut by1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for p in &contour {
            (bx0, by0, bx1, by1) = (bx0.min(p.x), by0.min(p.y), bx1.max(p.x), by1.max(p.y));
        }
        for y in by0.floor().max(0.0) as u32..(by1.ceil() as u32).min(img.height) {
            for x in bx0.floor().max(0.0) as u32..(bx1.ceil() as u32).min(img.width) {
                let p = Point::new(x as f32 + 0.5, y as f32 + 0.5);
                if !inside_polygon(&contour, p) {
                    continue;
                }
                let alpha = (distance_to_outline(&contour, p) / 1.5).min(1.0);
                let depth = ((p.x - top.x) * self.ey.x + (p.y - top.y) * self.ey.y) / gap;
                let colour = if depth < 0.3 && gap > 0.12 * self.eye_distance {
                    [205.0, 198.0, 188.0, 255.0]
                } else {
                    [38.0, 12.0, 14.0, 255.0]
                };
                let under = sample(img, p.x, p.y);
                let mixed = std::array::from_fn(|ch| under[ch] * (1.0 - alpha) + colour[ch] * alpha);
                put(img, x, y, mixed);
            }
        }
    }
}

type Vec3 = [f32; 3];

fn vec3(l: &Landmark) -> Vec3 {
    [l.x, l.y, l.z]
}

fn add(a: Vec3, b: Vec3) -> Vec3 {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

fn sub(a: Vec3, b: Vec3) -> Vec3 {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn scale(a: Vec3, k: f32) -> Vec3 {
    [a[0] * k, a[1] * k, a[2] * k]
}

/// The photo with the head turned by `degrees` towards the camera, as a resident turns when
/// asked to face the screen: every landmark moves where the rotation of the mesh's 3-D shape
/// about the face's vertical axis puts it (seen straight on), and the pixels of the head follow
/// the interpolated displacement, fading out into the background. `None` if there is no face.
pub fn turn_towards_camera(still: &Image, vision: &mut Vision, degrees: f32) -> Option<Image> {
    let frame = FrameRef::packed(still.width, still.height, &still.rgba).ok()?;
    let face = vision.analyze_still(&frame).ok()?.face?;
    let lm = &face.landmarks;
    let n = lm.len() as f32;
    let centre = scale(lm.iter().fold([0.0; 3], |s, l| add(s, vec3(l))), 1.0 / n);
    let (sin, cos) = (-face.pose.yaw.signum() * degrees).to_radians().sin_cos();
    let moves: Vec<(Point, Point)> = lm
        .iter()
        .step_by(3)
        .map(|l| {
            let r = sub(vec3(l), centre);
            let x = centre[0] + r[0] * cos - r[2] * sin;
            (l.xy(), Point::new(x - l.x, 0.0))
        })
        .collect();
    let b = face.bbox;
    let margin = 0.4 * face.inter_ocular_px;
    let (x0, y0, x1, y1) = (b.x0 - margin, b.y0 - 2.0 * margin, b.x1 + margin, b.y1 + margin);
    let fade = margin;
    let field = |q: Point| -> Point {
        let edge = (q.x - x0).min(x1 - q.x).min(q.y - y0).min(y1 - q.y);
        if edge <= 0.0 {
            return Point::default();
        }
        let (mut sx, mut sw) = (0.0f32, 0.0f32);
        for (p, d) in &moves {
            let w = 1.0 / ((q.x - p.x).powi(2) + (q.y - p.y).powi(2) + 16.0);
            sx += w * d.x;
            sw += w;
        }
        Point::new(sx / sw * (edge / fade).min(1.0), 0.0)
    };
    Some(remap(still, |p| {
        let mut q = p;
        for _ in 0..3 {
            q = Point::new(p.x - field(q).x, p.y);
        }
        q
    }))
}

/// The photo as a resident holds the phone once asked to centre their face or to come closer or
/// move back: the face moved to the middle of the picture with its eyes `eyes` of the picture's
/// width apart (beyond the photo's border its edge pixels continue). `None` if there is no face.
pub fn frame_face(still: &Image, vision: &mut Vision, eyes: f32) -> Option<Image> {
    let frame = FrameRef::packed(still.width, still.height, &still.rgba).ok()?;
    let face = vision.analyze_still(&frame).ok()?.face?;
    let centre = face.bbox.center();
    let scale = face.inter_ocular_px / (eyes * still.width as f32);
    let middle = Point::new(still.width as f32 / 2.0, still.height as f32 / 2.0);
    Some(remap(still, |p| Point::new(centre.x + (p.x - middle.x) * scale, centre.y + (p.y - middle.y) * scale)))
}
