//! Every catalogue service, decided twice on facts built for it: once approved automatically
//! (or correctly sent to an officer), once refused or referred, with the reasons asserted.

use wangban_decision::catalogue::Catalogue;
use wangban_decision::decide::{Decision, FaceMatch, decide};
use wangban_decision::facts::*;
use wangban_decision::platform::PLATFORM_CITY;

const TODAY: &str = "2026-11-26";
const CHILD: &str = "330302201503030013";
const RELATIVE: &str = "330302196001010017";

/// A resident registered in this city: married 5 years, one registered child, a 90 m² flat
/// owned for 2 years, 3 years of local social security.
fn local() -> Facts {
    Facts {
        person: Some(Person {
            id_number: "330302198601011234".into(),
            name: "测试".into(),
            sex: "M".into(),
            birth_date: "1986-01-01".into(),
            age: 40,
            status: "active".into(),
            hukou_region: "330302".into(),
            hukou_city: PLATFORM_CITY.into(),
            household_id: "H1".into(),
            marital_status: "married".into(),
            ethnicity: "汉族".into(),
            education: "大学本科".into(),
        }),
        household: Some(Household {
            id: "H1".into(),
            address: "路1号".into(),
            city: PLATFORM_CITY.into(),
            kind: "family".into(),
            head_id: "330302195501010011".into(),
            members: vec![Member {
                id_number: "330302198601011234".into(),
                name: "测试".into(),
                relation: "child".into(),
            }],
        }),
        property: vec![Property {
            certificate: "P1".into(),
            city: PLATFORM_CITY.into(),
            address: "小区1幢".into(),
            area_m2: 90,
            residential: true,
            registered_on: "2024-11-01".into(),
            months_owned: 24,
        }],
        marriage: Some(Marriage {
            spouse_id: "330302198702021244".into(),
            spouse_name: "配偶".into(),
            registered_on: "2021-05-01".into(),
            years: 5,
            spouse_hukou_city: PLATFORM_CITY.into(),
        }),
        births: vec![Birth {
            child_id: CHILD.into(),
            child_name: "孩子".into(),
            born_on: "2015-03-03".into(),
            registered: true,
            other_parent_id: "x".into(),
        }],
        death: None,
        social_security: Some(SocialSecurity { city: PLATFORM_CITY.into(), months: 36, employer: "某公司".into() }),
        overseas_return: None,
        criminal_records: vec![],
    }
}

fn elsewhere() -> Facts {
    let mut f = local();
    let p = f.person.as_mut().unwrap();
    p.hukou_region = "330102".into();
    p.hukou_city = "330100".into();
    f
}

fn person(f: &mut Facts) -> &mut Person {
    f.person.as_mut().unwrap()
}

/// The other person of a two-person service.
fn relative(household: &str, hukou_city: &str) -> Facts {
    let mut r = local();
    let p = r.person.as_mut().unwrap();
    p.id_number = RELATIVE.into();
    p.household_id = household.into();
    p.hukou_city = hukou_city.into();
    r.household.as_mut().unwrap().id = household.into();
    r
}

/// `local()`, with the relative as their child on record.
fn parent_of_relative() -> Facts {
    let mut f = local();
    f.births[0].child_id = RELATIVE.into();
    f
}

#[derive(Debug, PartialEq)]
enum Want {
    Auto,
    Review(&'static str),
    Reject(&'static str),
}

fn check(code: &str, facts: Facts, related: Option<Facts>, want: Want) {
    let catalogue = Catalogue::builtin();
    let service = catalogue.service(code).unwrap();
    let d = decide(service, &facts, related.as_ref(), FaceMatch::Match, PLATFORM_CITY, TODAY);
    let codes = |r: &[wangban_decision::rules::Finding]| r.iter().map(|f| f.code.clone()).collect::<Vec<_>>();
    match (&want, &d) {
        (Want::Auto, Decision::AutoApproved) => {}
        (Want::Review(c), Decision::NeedsReview { reasons }) if codes(reasons).iter().any(|x| x == c) => {}
        (Want::Reject(c), Decision::Rejected { reasons }) if codes(reasons).iter().any(|x| x == c) => {}
        _ => panic!("{code}: wanted {want:?}, got {d:?}"),
    }
    // Every reason explains itself in both languages.
    if let Decision::NeedsReview { reasons } | Decision::Rejected { reasons } = &d {
        assert!(reasons.iter().all(|r| !r.zh.is_empty() && !r.en.is_empty()), "{code}: {reasons:?}");
    }
}

type Case = (&'static str, fn() -> (Facts, Option<Facts>), Want, fn() -> (Facts, Option<Facts>), Want);

fn cases() -> Vec<Case> {
    use Want::*;
    let deceased = || {
        let mut f = local();
        person(&mut f).status = "deceased".into();
        (f, None)
    };
    vec![
        (
            "birth_registration",
            || {
                let mut f = local();
                f.births.push(Birth {
                    child_id: String::new(),
                    child_name: "新生儿".into(),
                    born_on: "2026-10-01".into(),
                    registered: false,
                    other_parent_id: "x".into(),
                });
                (f, None)
            },
            Auto,
            || (local(), None),
            Review("no_unregistered_birth"),
        ),
        (
            "death_cancellation",
            || {
                let mut r = relative("H1", PLATFORM_CITY);
                r.death = Some(Death { died_on: "2026-11-01".into(), source: "医院".into() });
                (local(), Some(r))
            },
            Auto,
            || (local(), Some(relative("H1", PLATFORM_CITY))),
            Review("no_death_record"),
        ),
        (
            "house_purchase_settlement",
            || (elsewhere(), None),
            Auto,
            || {
                let mut f = elsewhere();
                f.property.clear();
                (f, None)
            },
            Reject("no_property_here"),
        ),
        (
            "spouse_join",
            || (elsewhere(), None),
            Auto,
            || {
                let mut f = elsewhere();
                f.marriage = None;
                (f, None)
            },
            Reject("not_married"),
        ),
        (
            "child_joins_parents",
            || {
                let mut f = elsewhere();
                person(&mut f).age = 10;
                let mut r = relative("H9", PLATFORM_CITY);
                r.births[0].child_id = "330302198601011234".into();
                (f, Some(r))
            },
            Auto,
            || {
                let mut r = relative("H9", "330100");
                r.births[0].child_id = "330302198601011234".into();
                (elsewhere(), Some(r))
            },
            Reject("parent_not_here"),
        ),
        (
            "parents_join_child",
            || {
                let mut f = elsewhere();
                person(&mut f).sex = "F".into();
                person(&mut f).age = 60;
                f.births[0].child_id = RELATIVE.into();
                (f, Some(relative("H9", PLATFORM_CITY)))
            },
            Auto,
            || {
                let mut f = elsewhere();
                f.births[0].child_id = RELATIVE.into();
                (f, Some(relative("H9", PLATFORM_CITY)))
            },
            Review("below_retirement_age"),
        ),
        ("intra_city_move", || (local(), None), Auto, || (elsewhere(), None), Reject("not_registered_here")),
        (
            "household_split",
            || (local(), None),
            Auto,
            || {
                let mut f = local();
                person(&mut f).age = 15;
                (f, None)
            },
            Reject("minor"),
        ),
        (
            "household_establish",
            || (local(), None),
            Auto,
            || {
                let mut f = local();
                f.property.clear();
                (f, None)
            },
            Review("no_own_property_here"),
        ),
        ("registration_item_change", || (local(), None), Review("officer_required"), deceased, Reject("not_active")),
        ("name_change", || (local(), None), Review("officer_required"), deceased, Reject("not_active")),
        ("ethnicity_change", || (local(), None), Review("officer_required"), deceased, Reject("not_active")),
        ("birth_date_correction", || (local(), None), Review("officer_required"), deceased, Reject("not_active")),
        ("education_update", || (local(), None), Auto, deceased, Reject("not_active")),
        (
            "employer_update",
            || (local(), None),
            Auto,
            || {
                let mut f = local();
                f.social_security = None;
                (f, None)
            },
            Review("no_employer_on_record"),
        ),
        (
            "head_of_household_change",
            || (local(), None),
            Auto,
            || {
                let mut f = local();
                f.household.as_mut().unwrap().head_id = "330302198601011234".into();
                (f, None)
            },
            Reject("already_head"),
        ),
        (
            "student_move_in",
            || (elsewhere(), None),
            Review("officer_required"),
            || (local(), None),
            Reject("already_registered_here"),
        ),
        (
            "student_move_out",
            || (local(), None),
            Review("officer_required"),
            || (elsewhere(), None),
            Reject("not_registered_here"),
        ),
        (
            "graduate_employment_settlement",
            || (elsewhere(), None),
            Auto,
            || {
                let mut f = elsewhere();
                f.social_security.as_mut().unwrap().months = 2;
                (f, None)
            },
            Review("no_local_social_security"),
        ),
        (
            "talent_settlement",
            || (elsewhere(), None),
            Review("officer_required"),
            || (local(), None),
            Reject("already_registered_here"),
        ),
        (
            "emigration_cancellation",
            || {
                let mut f = local();
                f.overseas_return =
                    Some(OverseasReturn {
                        country: "意大利".into(), settled_abroad: true, returned_on: String::new()
                    });
                (f, None)
            },
            Auto,
            || (local(), None),
            Review("no_settlement_abroad"),
        ),
        (
            "overseas_return_restoration",
            || {
                let mut f = local();
                person(&mut f).status = "emigrated".into();
                (f, None)
            },
            Review("officer_required"),
            || (local(), None),
            Reject("never_left"),
        ),
        (
            "military_enlistment_cancellation",
            || (local(), None),
            Review("officer_required"),
            deceased,
            Reject("not_active"),
        ),
        (
            "military_discharge_restoration",
            || {
                let mut f = local();
                person(&mut f).status = "enlisted".into();
                (f, None)
            },
            Review("officer_required"),
            || (local(), None),
            Reject("not_cancelled"),
        ),
        (
            "release_restoration",
            || {
                let mut f = local();
                f.criminal_records.push(CriminalRecord {
                    offence: "盗窃罪".into(),
                    sentenced_on: "2020-01-01".into(),
                    sentence_ended_on: "2026-01-01".into(),
                });
                (f, None)
            },
            Review("officer_required"),
            || (local(), None),
            Reject("no_sentence_on_record"),
        ),
        (
            "duplicate_registration_cancellation",
            || (local(), None),
            Review("officer_required"),
            deceased,
            Reject("not_active"),
        ),
        ("adoption_registration", || (local(), None), Review("officer_required"), deceased, Reject("not_active")),
        (
            "collective_household_move_in",
            || (elsewhere(), None),
            Auto,
            || (local(), None),
            Reject("already_registered_here"),
        ),
        (
            "interprovincial_move_in",
            || (elsewhere(), None),
            Review("officer_required"),
            || (local(), None),
            Reject("already_registered_here"),
        ),
        ("hukou_book_replacement", || (local(), None), Auto, || (elsewhere(), None), Reject("not_registered_here")),
        ("id_card_renewal", || (local(), None), Auto, || (elsewhere(), None), Reject("not_registered_here")),
        ("id_card_reissue", || (local(), None), Auto, || (elsewhere(), None), Reject("not_registered_here")),
        (
            "id_card_first_application",
            || {
                let mut f = local();
                person(&mut f).age = 16;
                (f, None)
            },
            Auto,
            || {
                let mut f = local();
                person(&mut f).age = 10;
                (f, None)
            },
            Review("under_sixteen"),
        ),
        ("residence_permit", || (elsewhere(), None), Auto, || (local(), None), Reject("already_registered_here")),
        (
            "residence_permit_endorsement",
            || (elsewhere(), None),
            Auto,
            || {
                let mut f = elsewhere();
                f.social_security = None;
                (f, None)
            },
            Review("no_local_social_security"),
        ),
        (
            "no_criminal_record_certificate",
            || (local(), None),
            Auto,
            || {
                let mut f = local();
                f.criminal_records.push(CriminalRecord {
                    offence: "危险驾驶罪".into(),
                    sentenced_on: "2019-04-02".into(),
                    sentence_ended_on: "2019-10-02".into(),
                });
                (f, None)
            },
            Review("records_found"),
        ),
        (
            "kinship_certificate",
            || {
                let mut f = local();
                f.births[0].child_id = RELATIVE.into();
                (f, Some(relative("H9", PLATFORM_CITY)))
            },
            Auto,
            || (local(), Some(relative("H1", PLATFORM_CITY))),
            Reject("same_household"),
        ),
        (
            "cancellation_certificate",
            || {
                let mut f = local();
                person(&mut f).status = "emigrated".into();
                (f, None)
            },
            Auto,
            || (local(), None),
            Reject("not_cancelled"),
        ),
        ("item_change_certificate", || (local(), None), Review("officer_required"), deceased, Reject("not_active")),
        (
            "temporary_identity_certificate",
            || (local(), None),
            Auto,
            || (elsewhere(), None),
            Reject("not_registered_here"),
        ),
        (
            "household_registration_certificate",
            || (local(), None),
            Auto,
            || (elsewhere(), None),
            Reject("not_registered_here"),
        ),
        ("same_person_certificate", || (local(), None), Review("officer_required"), deceased, Reject("not_active")),
        (
            "migration_history_certificate",
            || (local(), None),
            Auto,
            || (elsewhere(), None),
            Reject("not_registered_here"),
        ),
        (
            "household_members_certificate",
            || (local(), None),
            Auto,
            || {
                let mut f = local();
                f.household = None;
                (f, None)
            },
            Reject("no_household"),
        ),
        (
            "marital_status_record_certificate",
            || (local(), None),
            Auto,
            || (elsewhere(), None),
            Reject("not_registered_here"),
        ),
        (
            "birth_record_certificate",
            || (local(), None),
            Auto,
            || {
                let mut f = local();
                f.births.clear();
                (f, None)
            },
            Reject("no_births"),
        ),
        (
            "death_record_certificate",
            || {
                let mut r = relative("H9", PLATFORM_CITY);
                r.death = Some(Death { died_on: "2026-01-01".into(), source: "医院".into() });
                (parent_of_relative(), Some(r))
            },
            Auto,
            || (parent_of_relative(), Some(relative("H9", PLATFORM_CITY))),
            Reject("no_death_record"),
        ),
        ("id_card_loss_certificate", || (local(), None), Auto, || (elsewhere(), None), Reject("not_registered_here")),
        (
            "overseas_return_certificate",
            || {
                let mut f = local();
                f.overseas_return = Some(OverseasReturn {
                    country: "意大利".into(),
                    settled_abroad: false,
                    returned_on: "2025-01-01".into(),
                });
                (f, None)
            },
            Auto,
            || (local(), None),
            Reject("no_return_on_record"),
        ),
        (
            "property_household_certificate",
            || (local(), None),
            Auto,
            || {
                let mut f = local();
                f.property.clear();
                (f, None)
            },
            Reject("no_property"),
        ),
    ]
}

#[test]
fn every_service_is_decided_both_ways() {
    let catalogue = Catalogue::builtin();
    let table = cases();
    for s in &catalogue.services {
        assert!(table.iter().any(|c| c.0 == s.code), "no decision test for {}", s.code);
    }
    for (code, good, want_good, bad, want_bad) in table {
        let (f, r) = good();
        check(code, f, r, want_good);
        let (f, r) = bad();
        check(code, f, r, want_bad);
    }
}

#[test]
fn a_face_mismatch_is_refused_and_a_missing_photo_goes_to_an_officer() {
    let catalogue = Catalogue::builtin();
    let s = catalogue.service("household_registration_certificate").unwrap();
    let d = decide(s, &local(), None, FaceMatch::Mismatch, PLATFORM_CITY, TODAY);
    assert!(matches!(&d, Decision::Rejected { reasons } if reasons[0].code == "face_mismatch"), "{d:?}");
    let d = decide(s, &local(), None, FaceMatch::NoPhoto, PLATFORM_CITY, TODAY);
    assert!(matches!(&d, Decision::NeedsReview { reasons } if reasons[0].code == "no_registry_photo"), "{d:?}");
}

#[test]
fn missing_facts_go_to_an_officer_rather_than_guessing() {
    let catalogue = Catalogue::builtin();
    let s = catalogue.service("house_purchase_settlement").unwrap();
    let d = decide(s, &Facts::default(), None, FaceMatch::Match, PLATFORM_CITY, TODAY);
    assert!(matches!(d, Decision::Rejected { .. } | Decision::NeedsReview { .. }), "{d:?}");
    // A two-person service without the other person's facts is refused with that reason.
    let k = catalogue.service("kinship_certificate").unwrap();
    let d = decide(k, &local(), None, FaceMatch::Match, PLATFORM_CITY, TODAY);
    assert!(
        matches!(&d, Decision::Rejected { reasons } if reasons.iter().any(|r| r.code == "related_missing")),
        "{d:?}"
    );
}

/// L8: typing a stranger's identity number into a two-person service tells nothing about them.
/// Whether the number is unregistered, registered elsewhere, registered here, dead or alive,
/// the applicant sees the same decision with the same single finding, and an officer decides.
#[test]
fn a_strangers_number_tells_nothing_about_them() {
    let catalogue = Catalogue::builtin();
    let dead = |household: &str, city: &str| {
        let mut r = relative(household, city);
        r.death = Some(Death { died_on: "2026-01-01".into(), source: "医院".into() });
        r
    };
    let strangers =
        [Facts::default(), relative("H9", PLATFORM_CITY), relative("H9", "330100"), dead("H9", PLATFORM_CITY)];
    let two_person: Vec<_> = catalogue.services.iter().filter(|s| s.related.is_some()).collect();
    assert!(two_person.len() >= 5);
    for service in two_person {
        for applicant in [local(), elsewhere()] {
            let decisions: Vec<Decision> = strangers
                .iter()
                .map(|r| decide(service, &applicant, Some(r), FaceMatch::Match, PLATFORM_CITY, TODAY))
                .collect();
            assert!(decisions.windows(2).all(|w| w[0] == w[1]), "{}: {decisions:#?}", service.code);
            let about_related = |d: &Decision| match d {
                Decision::AutoApproved => vec![],
                Decision::NeedsReview { reasons } | Decision::Rejected { reasons } => reasons.clone(),
            };
            let reasons = about_related(&decisions[0]);
            assert!(
                reasons.iter().all(|f| !f.code.contains("related") || f.code == "relation_unconfirmed"),
                "{}: {reasons:?}",
                service.code
            );
            // Also when the applicant's own facts reject it: the case keeps nothing of the
            // stranger and the edge counts it, which both read this finding.
            assert!(reasons.iter().any(|f| f.code == "relation_unconfirmed"), "{}: {reasons:?}", service.code);
        }
    }
}

/// Sharing a collective household (a dormitory, a workplace) is no family relation: a
/// co-worker's death record or kinship is not the applicant's to learn.
#[test]
fn a_collective_household_is_no_relation() {
    let catalogue = Catalogue::builtin();
    let mut applicant = local();
    applicant.household.as_mut().unwrap().kind = "collective".into();
    applicant.births.clear();
    applicant.marriage = None;
    let mut colleague = relative("H1", PLATFORM_CITY);
    colleague.births.clear();
    colleague.death = Some(Death { died_on: "2026-01-01".into(), source: "医院".into() });
    for code in ["kinship_certificate", "death_record_certificate", "death_cancellation"] {
        let service = catalogue.service(code).unwrap();
        let d = decide(service, &applicant, Some(&colleague), FaceMatch::Match, PLATFORM_CITY, TODAY);
        assert!(d.reasons().iter().any(|f| f.code == "relation_unconfirmed"), "{code}: {d:?}");
    }
}
