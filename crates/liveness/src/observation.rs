//! What the browser measured, as the verdict and the attestation see it.
//!
//! Every value is an integer in fixed units (milli, deci-degrees, …). The server recomputes the
//! verdict from these numbers, so browser and Worker must agree bit for bit: integers travel and
//! compare exactly, and the verdict only applies `+ − × ÷ √` to them (IEEE-exact on every target,
//! unlike `exp`, `sin` or `atan2`, whose last bits differ between libm implementations).

use serde::{Deserialize, Serialize};

/// One analysed camera frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameObservation {
    /// Milliseconds since the first digit appeared (negative during the "get ready" lead-in).
    pub t_ms: i32,
    /// Faces the detector saw at its latest run.
    pub face_count: u8,
    /// Whether the detector ran on this very frame (it runs every few frames while tracking).
    pub detected: bool,
    /// The tracked face, if any.
    pub face: Option<FaceSample>,
}

/// The measurements of the tracked face in one frame.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaceSample {
    /// Inner-lip gap, thousandths of the inter-ocular distance.
    pub opening: i32,
    /// Height of the dark mouth cavity, thousandths of the inter-ocular distance: how open the
    /// mouth is where the mesh misplaces the lower lip.
    pub aperture: i32,
    /// Mouth-corner distance, thousandths of the inter-ocular distance.
    pub width: i32,
    /// Outer lip height / mouth width, thousandths.
    pub roundness: i32,
    /// Lip centres in front of the corners, thousandths of the inter-ocular distance.
    pub protrusion: i32,
    /// Head pose, tenths of a degree.
    pub yaw: i32,
    /// Head pitch, tenths of a degree (> 0: chin up).
    pub pitch: i32,
    /// Head roll, tenths of a degree (> 0: clockwise in the image).
    pub roll: i32,
    /// Face centre, thousandths of the frame width and height.
    pub center_x: i32,
    /// Face centre, vertical: thousandths of the frame height.
    pub center_y: i32,
    /// Inter-ocular distance, thousandths of the frame width (how close the face is).
    pub eye_distance: i32,
    /// Mean luma of the face, thousandths.
    pub brightness: i32,
    /// Fraction of the face crop inside the frame, thousandths.
    pub inside: i32,
}

/// The microphone's loudness over time, when the resident allowed the microphone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudioEnvelope {
    /// Time of the first value, in the same clock as [`FrameObservation::t_ms`].
    pub start_ms: i32,
    /// Milliseconds between values.
    pub hop_ms: u16,
    /// RMS level per hop, thousandths of full scale.
    pub rms: Vec<u16>,
}

impl AudioEnvelope {
    /// The level at time `t_ms` (nearest hop), `None` outside the recording.
    pub fn at(&self, t_ms: i32) -> Option<u16> {
        if self.hop_ms == 0 || t_ms < self.start_ms {
            return None;
        }
        let i = ((t_ms - self.start_ms) as u32 + u32::from(self.hop_ms) / 2) / u32::from(self.hop_ms);
        self.rms.get(i as usize).copied()
    }
}
