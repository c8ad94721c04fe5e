//! Every attack species, rendered to pixels and run through the real vision pipeline and the
//! verdict, is refused; a bona fide reading passes. (`cargo xtask pad` runs the full table.)

use wangban_lab::pad::{Species, evaluate};
use wangban_lab::{faces, pipeline, speech};

#[test]
fn every_attack_species_is_refused_and_a_reader_passes() {
    let mut vision = pipeline::vision();
    let mut voice = speech::Voice::default();
    let ids: Vec<_> =
        faces::identities().into_iter().filter(|i| i.name == "astronaut" || i.name == "carphone").collect();
    let mut species = vec![Species::BonaFide];
    species.extend(Species::ATTACKS);
    let outcomes = evaluate(&ids, 0..1, &species, &mut vision, &mut voice, |_| {}).unwrap();
    for o in &outcomes {
        let reasons: Vec<String> = o.verdict.reasons.iter().map(|r| r.code()).collect();
        if o.species == Species::BonaFide {
            assert!(o.accepted, "bona fide {} refused: {reasons:?} {:?}", o.identity, o.verdict.digits);
        } else {
            assert!(!o.accepted, "{} accepted for {}", o.species.name(), o.identity);
        }
    }
    let expect = |sp: Species, code: &str| {
        assert!(
            outcomes.iter().filter(|o| o.species == sp).all(|o| o
                .verdict
                .reasons
                .iter()
                .any(|r| r.code().starts_with(code))),
            "{} should be refused with {code}",
            sp.name()
        );
    };
    expect(Species::StillPhoto, "mouth_still");
    expect(Species::PhotoMoved, "mouth_still");
    expect(Species::ReplayOtherDigits, "digit_mismatch");
    expect(Species::TwoFaces, "two_faces");
    expect(Species::FaceSwap, "face_changed");
    expect(Species::NoAudio, "audio_missing");
    expect(Species::OtherAudio, "av_desync");
}
