//! From what the vision pipeline saw to the integer observations the verdict and the
//! attestation carry.

use wangban_liveness::{FaceSample, FrameObservation};
use wangban_vision::FrameAnalysis;

/// Quantises one analysed frame, `t_ms` after the first digit appeared, for a frame of
/// `width × height` pixels.
pub fn observe(analysis: &FrameAnalysis, t_ms: i32, width: u32, height: u32) -> FrameObservation {
    let milli = |v: f32| (v * 1000.0).round() as i32;
    let deci = |v: f32| (v * 10.0).round() as i32;
    let (w, h) = (width.max(1) as f32, height.max(1) as f32);
    FrameObservation {
        t_ms,
        face_count: u8::try_from(analysis.face_count).unwrap_or(u8::MAX),
        detected: analysis.detector_ran,
        face: analysis.face.as_ref().map(|f| FaceSample {
            opening: milli(f.mouth.opening),
            width: milli(f.mouth.width),
            roundness: milli(f.mouth.roundness),
            protrusion: milli(f.mouth.protrusion),
            yaw: deci(f.pose.yaw),
            pitch: deci(f.pose.pitch),
            roll: deci(f.pose.roll),
            center_x: milli(f.bbox.center().x / w),
            center_y: milli(f.bbox.center().y / h),
            eye_distance: milli(f.inter_ocular_px / w),
            brightness: milli(f.quality.brightness),
            inside: milli(f.inside_fraction),
        }),
    }
}
