//! The identities of the evaluation: the astronaut, the carphone man, and two people from the
//! sample sheet, each as a still photo large enough to animate.

use wangban_testdata::{self as data, Image};

use crate::raster::resize;

/// A named still photo of one person.
pub struct Identity {
    pub name: &'static str,
    pub still: Image,
}

pub fn identities() -> Vec<Identity> {
    let people = data::people();
    let carphone = &data::carphone_frames()[0];
    vec![
        Identity { name: "astronaut", still: data::astronaut() },
        Identity { name: "carphone", still: resize(carphone, 528, 432) },
        Identity { name: "woman", still: resize(&people.crop(160, 0, 160, 160), 480, 480) },
        Identity { name: "man", still: resize(&people.crop(369, 0, 160, 160), 480, 480) },
    ]
}

/// The cameraman: the second face pasted into frames for the two-faces attack.
pub fn bystander() -> Image {
    resize(&data::cameraman().crop(180, 20, 180, 180), 200, 200)
}
