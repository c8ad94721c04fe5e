//! What to tell the resident about the current frame, from the vision features: one advice at
//! a time, the most important first, as a stable code the page turns into words.

use std::collections::VecDeque;

use wangban_vision::FrameAnalysis;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Advice {
    /// Framed, lit and steady: ready to read.
    Ok,
    NoFace,
    OnePersonOnly,
    TooDark,
    MoveCloser,
    MoveBack,
    CenterFace,
    FaceTheScreen,
    HoldStill,
}

impl Advice {
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
            Advice::HoldStill => "hold_still",
        }
    }
}

/// Remembers where the face was over the last frames, to tell whether it is steady.
#[derive(Default)]
pub struct Steadiness {
    centers: VecDeque<(f32, f32)>,
}

const WINDOW: usize = 8;

impl Steadiness {
    pub fn advise(&mut self, a: &FrameAnalysis, width: u32, height: u32) -> Advice {
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
        } else if face.pose.yaw.abs() > 25.0 || face.pose.pitch.abs() > 25.0 {
            Advice::FaceTheScreen
        } else if moving {
            Advice::HoldStill
        } else {
            Advice::Ok
        }
    }
}
