//! What to tell the resident about the current frame, from the vision features: one advice at
//! a time, the most important first, as a stable code the page turns into words.
//!
//! The client shows it and starts the reading only once it has said [`Advice::Ok`] for a while;
//! the PAD evaluation applies the same rule to decide whether a bona fide presentation is
//! acquired at all. The server never relies on it: a modified client can skip it.

use std::collections::VecDeque;

use crate::FrameAnalysis;

/// What to tell the resident about the framing now, most important first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Advice {
    /// Framed, lit and steady: ready to read.
    Ok,
    /// No face in the picture.
    NoFace,
    /// More than one face in the picture.
    OnePersonOnly,
    /// The face is too dark to see the lips.
    TooDark,
    /// The face is too small in the picture.
    MoveCloser,
    /// The face is too large in the picture.
    MoveBack,
    /// The face is cut by the picture's border.
    CenterFace,
    /// The head is turned or tilted beyond [`MAX_TURN_DEGREES`].
    FaceTheScreen,
    /// The mouth is smiling or open before the reading: the verdict judges each digit's mouth
    /// against the resting mouth it sees now, so a smile at rest hides every spread digit.
    NaturalExpression,
    /// The face is still moving about.
    HoldStill,
}

impl Advice {
    /// The stable code the page turns into words.
    pub fn code(self) -> &'static str {
        match self {
            Advice::Ok => "ok",
            Advice::NoFace => "no_face",
            Advice::OnePersonOnly => "one_person_only",
            Advice::TooDark => "too_dark",
            Advice::MoveCloser => "move_closer",
            Advice::MoveBack => "move_back",
            Advice::CenterFace => "center_face",
            Advice::FaceTheScreen => "face_the_screen",
            Advice::NaturalExpression => "natural_expression",
            Advice::HoldStill => "hold_still",
        }
    }
}

/// Most a face may turn (yaw) or tilt (pitch), degrees: beyond it the mesh's mouth
/// measurements drift (a 30°-turned face's jaw drop goes unseen), so the resident is asked to
/// face the screen.
pub const MAX_TURN_DEGREES: f32 = 25.0;

/// How long the advice must have been [`Advice::Ok`] before the reading may start.
pub const READY_AFTER_MS: f64 = 800.0;

/// Mouth-corner distance over inter-ocular distance above which the mouth counts as smiling
/// (a resting mouth is about three quarters of the eyes' distance wide).
pub const SMILE_WIDTH: f32 = 0.95;
/// Inner-lip gap over inter-ocular distance above which the mouth counts as open at rest.
pub const OPEN_AT_REST: f32 = 0.12;
/// How long [`Advice::NaturalExpression`] is asked for at most: a mouth that stays so is that
/// person's resting mouth, and the reading goes ahead rather than leave them stuck.
pub const EXPRESSION_PATIENCE_MS: f64 = 5000.0;

/// The framing of one camera stream: where the face was over the last frames (is it steady?)
/// and since when the advice has been [`Advice::Ok`] (may the reading start?).
#[derive(Clone, Debug, Default)]
pub struct Framing {
    centers: VecDeque<(f32, f32)>,
    ok_since: Option<f64>,
    expression_asked_since: Option<f64>,
}

const WINDOW: usize = 8;

impl Framing {
    /// The advice for a frame `width × height` analysed as `a`, seen at `t_ms` on the caller's
    /// clock.
    pub fn advise(&mut self, a: &FrameAnalysis, width: u32, height: u32, t_ms: f64) -> Advice {
        let mut advice = self.judge(a, width, height);
        // Asked for long enough: this is the person's resting mouth.
        if advice == Advice::NaturalExpression {
            let since = *self.expression_asked_since.get_or_insert(t_ms);
            if t_ms - since >= EXPRESSION_PATIENCE_MS {
                advice = Advice::Ok;
            }
        }
        self.ok_since = if advice == Advice::Ok { Some(self.ok_since.unwrap_or(t_ms)) } else { None };
        advice
    }

    /// Whether the advice has been [`Advice::Ok`] for [`READY_AFTER_MS`] up to `t_ms`.
    pub fn ready(&self, t_ms: f64) -> bool {
        self.ok_since.is_some_and(|since| t_ms - since >= READY_AFTER_MS)
    }

    fn judge(&mut self, a: &FrameAnalysis, width: u32, height: u32) -> Advice {
        let Some(face) = &a.face else {
            self.centers.clear();
            return if a.face_count > 1 { Advice::OnePersonOnly } else { Advice::NoFace };
        };
        let (w, h) = (width.max(1) as f32, height.max(1) as f32);
        let c = face.bbox.center();
        self.centers.push_back((c.x / w, c.y / h));
        if self.centers.len() > WINDOW {
            self.centers.pop_front();
        }
        let eyes = face.inter_ocular_px / w;
        let moving = self.centers.len() == WINDOW && {
            let (x0, y0) = self.centers[0];
            self.centers.iter().any(|(x, y)| (x - x0).abs() > 0.04 || (y - y0).abs() > 0.04)
        };
        if a.face_count > 1 {
            Advice::OnePersonOnly
        } else if face.quality.brightness < 0.22 {
            Advice::TooDark
        } else if eyes < 0.07 {
            Advice::MoveCloser
        } else if eyes > 0.4 {
            Advice::MoveBack
        } else if face.inside_fraction < 0.85 {
            Advice::CenterFace
        } else if face.pose.yaw.abs() > MAX_TURN_DEGREES || face.pose.pitch.abs() > MAX_TURN_DEGREES {
            Advice::FaceTheScreen
        } else if moving {
            Advice::HoldStill
        } else if face.mouth.width > SMILE_WIDTH || face.mouth.opening > OPEN_AT_REST {
            Advice::NaturalExpression
        } else {
            Advice::Ok
        }
    }
}
