//! The identities of the evaluation: the astronaut, the carphone man, and two people from the
//! sample sheet, each as a still photo large enough to animate; and the wider population of
//! `tests/data/faces/` ([`population`]).

use wangban_testdata::{self as data, Image};

use crate::raster::resize;

/// A named still photo of one person.
pub struct Identity {
    pub name: &'static str,
    /// Who it is: photos of one person share it (a genuine pair for the face match).
    pub person: &'static str,
    pub still: Image,
}

pub fn identities() -> Vec<Identity> {
    let people = data::people();
    let carphone = &data::carphone_frames()[0];
    vec![
        Identity { name: "astronaut", person: "astronaut", still: data::astronaut() },
        Identity { name: "carphone", person: "carphone", still: resize(carphone, 528, 432) },
        Identity { name: "woman", person: "woman", still: resize(&people.crop(160, 0, 160, 160), 480, 480) },
        Identity { name: "man", person: "man", still: resize(&people.crop(369, 0, 160, 160), 480, 480) },
    ]
}

/// The wider population: 29 photos of 25 people ([`wangban_testdata::POPULATION`]).
pub fn population() -> Vec<Identity> {
    data::POPULATION.iter().map(|p| Identity { name: p.0, person: p.1, still: data::population_photo(p) }).collect()
}

/// The four original identities and the wider population.
pub fn everyone() -> Vec<Identity> {
    let mut all = identities();
    all.extend(population());
    all
}

/// The cameraman: the second face pasted into frames for the two-faces attack.
pub fn bystander() -> Image {
    resize(&data::cameraman().crop(180, 20, 180, 180), 200, 200)
}
