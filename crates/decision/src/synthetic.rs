//! A deterministic synthetic registry: ten thousand-odd residents in households with property,
//! marriages, births, deaths, social security, returns from abroad and criminal records, plus a
//! handful of documented demo residents whose faces are in the test images. Same seed, same
//! data, on every machine.

use crate::id_number::IdNumber;
use crate::registry::{
    BirthRow, CriminalRow, Dataset, DeathRow, HouseholdRow, MarriageRow, OverseasRow, PropertyRow, ResidentRow,
    SocialSecurityRow,
};

pub use crate::platform::PLATFORM_CITY;
const LOCAL_REGIONS: [&str; 3] = ["330302", "330303", "330304"];
const OTHER_REGIONS: [&str; 3] = ["330102", "310101", "440305"];
const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "高",
];
const GIVEN: [&str; 24] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞",
    "平", "刚", "桂英", "华", "建国",
];

/// A demo resident: who they are and which test image is their registry photo.
pub struct DemoResident {
    /// Short handle (`wang_fang`, …) for scripts and messages.
    pub key: &'static str,
    /// Their identity number.
    pub id_number: &'static str,
    /// Their registered name.
    pub name: &'static str,
    /// The face in the repository's test images that is this person's registry photo.
    pub face: &'static str,
    /// What their data shows, and what the services make of it.
    pub story: &'static str,
}

/// Documented in the README: use these to try the services.
pub const DEMO_RESIDENTS: [DemoResident; 5] = [
    DemoResident {
        key: "wang_fang",
        id_number: "330102199003071249",
        name: "王芳",
        face: "astronaut",
        story: "registered in Hangzhou, owns a flat in Wenzhou for 2 years: 购房落户 is approved automatically",
    },
    DemoResident {
        key: "li_qiang",
        id_number: "330302198506121355",
        name: "李强",
        face: "carphone",
        story: "has a criminal record: 无犯罪记录证明 goes to an officer",
    },
    DemoResident {
        key: "chen_jing",
        id_number: "330302199209151464",
        name: "陈静",
        face: "woman",
        story: "married to 张伟, same household, with a registered child",
    },
    DemoResident {
        key: "zhang_wei",
        id_number: "330302198811201570",
        name: "张伟",
        face: "man",
        story: "head of 陈静's household; no property",
    },
    DemoResident {
        key: "zhao_min",
        id_number: "310101199507082283",
        name: "赵敏",
        face: "none",
        story: "registered in Shanghai, married to 李强 for 3 years: 夫妻投靠 is approved automatically",
    },
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }
}

fn date(year: u64, month: u64, day: u64) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

struct Builder {
    rng: Rng,
    data: Dataset,
    serial: u64,
}

impl Builder {
    fn id(&mut self, region: &str, birth: &str, male: bool) -> String {
        loop {
            self.serial += 1;
            let mut seq = self.serial % 1000;
            if (seq % 2 == 1) != male {
                seq = (seq + 1) % 1000;
            }
            let first17 = format!("{region}{}{seq:03}", birth.replace('-', ""));
            if let Ok(id) = IdNumber::with_check_digit(&first17)
                && !self.data.residents.iter().any(|r| r.id_number == id.as_str())
            {
                return id.as_str().to_string();
            }
        }
    }

    fn name(&mut self, surname: &str) -> String {
        format!("{surname}{}", self.rng.pick(&GIVEN))
    }

    #[allow(clippy::too_many_arguments)]
    fn resident(
        &mut self,
        id: String,
        name: String,
        male: bool,
        birth: &str,
        region: &str,
        household: &str,
        relation: &str,
        marital: &str,
    ) {
        self.data.residents.push(ResidentRow {
            id_number: id,
            name,
            sex: if male { "M" } else { "F" }.into(),
            birth_date: birth.into(),
            status: "active".into(),
            hukou_region: region.into(),
            household_id: household.into(),
            relation: relation.into(),
            marital_status: marital.into(),
            ethnicity: "汉族".into(),
            education: ["高中", "大学本科", "初中", "大学专科", "研究生"][self.rng.below(5) as usize].into(),
        });
    }
}

/// The registry `cargo xtask dev` runs with: seed and size fixed, ≥ 10 000 residents.
pub fn demo_registry() -> Dataset {
    generate(20_261_126, 4_500)
}

/// The demo residents and `households` synthetic households (≈ 2.4 residents each).
pub fn generate(seed: u64, households: usize) -> Dataset {
    let mut b = Builder { rng: Rng(seed | 1), data: Dataset::default(), serial: 0 };
    demo(&mut b.data);
    for h in 0..households {
        let local = b.rng.chance(85);
        let region = if local { b.rng.pick(&LOCAL_REGIONS) } else { b.rng.pick(&OTHER_REGIONS) };
        let city = format!("{}00", &region[..4]);
        let hid = format!("H{h:06}");
        let surname = b.rng.pick(&SURNAMES);
        let head_male = b.rng.chance(60);
        let head_birth = date(1950 + b.rng.below(50), 1 + b.rng.below(12), 1 + b.rng.below(28));
        let head_id = b.id(region, &head_birth, head_male);
        let married = b.rng.chance(70);
        let head_name = b.name(surname);
        b.resident(
            head_id.clone(),
            head_name,
            head_male,
            &head_birth,
            region,
            &hid,
            "head",
            if married { "married" } else { "single" },
        );
        b.data.households.push(HouseholdRow {
            id: hid.clone(),
            address: format!(
                "{}路{}号{}室",
                ["人民", "解放", "五马", "学院", "府前"][h % 5],
                1 + h % 300,
                100 + h % 900
            ),
            city: city.clone(),
            kind: if b.rng.chance(95) { "family" } else { "collective" }.into(),
            head_id: head_id.clone(),
        });
        let mut spouse_id = None;
        if married {
            let birth = date(1950 + b.rng.below(50), 1 + b.rng.below(12), 1 + b.rng.below(28));
            let sid = b.id(region, &birth, !head_male);
            let spouse_surname = b.rng.pick(&SURNAMES);
            let spouse_name = b.name(spouse_surname);
            b.resident(sid.clone(), spouse_name, !head_male, &birth, region, &hid, "spouse", "married");
            let wed_year = head_birth[..4].parse::<u64>().unwrap_or(1980) + 22 + b.rng.below(10);
            b.data.marriages.push(MarriageRow {
                a_id: head_id.clone(),
                b_id: sid.clone(),
                registered_on: date(wed_year.min(2025), 1 + b.rng.below(12), 1 + b.rng.below(28)),
            });
            let children = b.rng.below(3);
            for _ in 0..children {
                let year = (wed_year + 1 + b.rng.below(8)).min(2025);
                let birth = date(year, 1 + b.rng.below(12), 1 + b.rng.below(28));
                let male = b.rng.chance(50);
                let cid = b.id(region, &birth, male);
                let cname = b.name(surname);
                b.resident(cid.clone(), cname.clone(), male, &birth, region, &hid, "child", "single");
                let (pa, pb) = if head_male { (head_id.clone(), sid.clone()) } else { (sid.clone(), head_id.clone()) };
                b.data.births.push(BirthRow {
                    parent_a: pa,
                    parent_b: pb,
                    child_id: cid,
                    child_name: cname,
                    born_on: birth,
                    registered: 1,
                });
            }
            spouse_id = Some(sid);
        }
        if b.rng.chance(50) {
            let in_city = b.rng.chance(80);
            let pcity = if in_city { PLATFORM_CITY.to_string() } else { city.clone() };
            b.data.properties.push(PropertyRow {
                certificate: format!("浙({})温州市不动产权第{:07}号", 2000 + b.rng.below(26), h),
                owner_id: head_id.clone(),
                city: pcity,
                address: format!(
                    "{}小区{}幢{}室",
                    ["滨江", "锦绣", "翠微", "新城", "瓯江"][h % 5],
                    1 + h % 40,
                    101 + h % 2000
                ),
                area_m2: 40 + b.rng.below(140) as u32,
                residential: u32::from(b.rng.chance(95)),
                registered_on: date(2000 + b.rng.below(25), 1 + b.rng.below(12), 1 + b.rng.below(28)),
            });
        }
        for id in std::iter::once(head_id.clone()).chain(spouse_id) {
            if b.rng.chance(70) {
                b.data.social_security.push(SocialSecurityRow {
                    id_number: id.clone(),
                    city: city.clone(),
                    months: b.rng.below(360) as u32,
                    employer: format!("{}有限公司", ["温州鞋业", "瓯海电器", "鹿城物流", "龙湾机械"][h % 4]),
                });
            }
            if b.rng.chance(2) {
                b.data.criminal.push(CriminalRow {
                    id_number: id.clone(),
                    offence: ["盗窃罪", "危险驾驶罪", "诈骗罪"][h % 3].into(),
                    sentenced_on: date(2005 + b.rng.below(15), 1 + b.rng.below(12), 1 + b.rng.below(28)),
                    sentence_ended_on: date(2021, 1 + b.rng.below(12), 1 + b.rng.below(28)),
                });
            }
        }
        if b.rng.chance(1) {
            let i = b.data.residents.iter().position(|r| r.id_number == head_id).unwrap_or(0);
            b.data.residents[i].status = "deceased".into();
            b.data.deaths.push(DeathRow {
                id_number: head_id.clone(),
                died_on: date(2024, 1 + b.rng.below(12), 1 + b.rng.below(28)),
                source: "医院".into(),
            });
        } else if b.rng.chance(1) {
            let settled = b.rng.chance(50);
            if settled {
                let i = b.data.residents.iter().position(|r| r.id_number == head_id).unwrap_or(0);
                b.data.residents[i].status = "emigrated".into();
            }
            b.data.overseas.push(OverseasRow {
                id_number: head_id,
                country: ["意大利", "西班牙", "美国"][h % 3].into(),
                settled_abroad: u32::from(settled),
                returned_on: if settled { String::new() } else { date(2023, 1 + b.rng.below(12), 1 + b.rng.below(28)) },
            });
        }
    }
    b.data
}

/// The documented demo residents, with exactly the facts their stories need.
fn demo(d: &mut Dataset) {
    let person =
        |id: &str, name: &str, sex: &str, region: &str, household: &str, relation: &str, marital: &str| ResidentRow {
            id_number: id.into(),
            name: name.into(),
            sex: sex.into(),
            birth_date: format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]),
            status: "active".into(),
            hukou_region: region.into(),
            household_id: household.into(),
            relation: relation.into(),
            marital_status: marital.into(),
            ethnicity: "汉族".into(),
            education: "大学本科".into(),
        };
    let [wang, li, chen, zhang, zhao] = DEMO_RESIDENTS.map(|r| r.id_number);
    d.residents.push(person(wang, "王芳", "F", "330102", "HDEMO1", "head", "single"));
    d.households.push(HouseholdRow {
        id: "HDEMO1".into(),
        address: "杭州市西湖区文三路10号".into(),
        city: "330100".into(),
        kind: "family".into(),
        head_id: wang.into(),
    });
    d.properties.push(PropertyRow {
        certificate: "浙(2024)温州市不动产权第0000001号".into(),
        owner_id: wang.into(),
        city: PLATFORM_CITY.into(),
        address: "温州市鹿城区滨江小区3幢1201室".into(),
        area_m2: 89,
        residential: 1,
        registered_on: "2024-05-20".into(),
    });
    d.social_security.push(SocialSecurityRow {
        id_number: wang.into(),
        city: PLATFORM_CITY.into(),
        months: 30,
        employer: "温州数据科技有限公司".into(),
    });

    d.residents.push(person(li, "李强", "M", "330302", "HDEMO2", "head", "married"));
    d.households.push(HouseholdRow {
        id: "HDEMO2".into(),
        address: "温州市鹿城区五马街8号".into(),
        city: PLATFORM_CITY.into(),
        kind: "family".into(),
        head_id: li.into(),
    });
    d.criminal.push(CriminalRow {
        id_number: li.into(),
        offence: "危险驾驶罪".into(),
        sentenced_on: "2019-04-02".into(),
        sentence_ended_on: "2019-10-02".into(),
    });
    d.marriages.push(MarriageRow { a_id: li.into(), b_id: zhao.into(), registered_on: "2022-06-18".into() });

    d.residents.push(person(zhang, "张伟", "M", "330302", "HDEMO3", "head", "married"));
    d.residents.push(person(chen, "陈静", "F", "330302", "HDEMO3", "spouse", "married"));
    d.households.push(HouseholdRow {
        id: "HDEMO3".into(),
        address: "温州市鹿城区学院路66号".into(),
        city: PLATFORM_CITY.into(),
        kind: "family".into(),
        head_id: zhang.into(),
    });
    d.marriages.push(MarriageRow { a_id: zhang.into(), b_id: chen.into(), registered_on: "2016-10-01".into() });
    let child = "330302201803030016";
    d.residents.push(person(child, "张小明", "M", "330302", "HDEMO3", "child", "single"));
    d.births.push(BirthRow {
        parent_a: zhang.into(),
        parent_b: chen.into(),
        child_id: child.into(),
        child_name: "张小明".into(),
        born_on: "2018-03-03".into(),
        registered: 1,
    });
    d.births.push(BirthRow {
        parent_a: zhang.into(),
        parent_b: chen.into(),
        child_id: String::new(),
        child_name: "张小红".into(),
        born_on: "2026-10-12".into(),
        registered: 0,
    });

    d.residents.push(person(zhao, "赵敏", "F", "310101", "HDEMO5", "head", "married"));
    d.households.push(HouseholdRow {
        id: "HDEMO5".into(),
        address: "上海市黄浦区南京东路100号".into(),
        city: "310100".into(),
        kind: "family".into(),
        head_id: zhao.into(),
    });
}

fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

impl Dataset {
    /// Replaces the registry tables' rows (after [`crate::registry::SCHEMA`]), in batches.
    /// Running it again reloads the same data; the case index is left alone.
    pub fn to_sql(&self) -> String {
        let mut out = String::new();
        for table in [
            "residents",
            "households",
            "properties",
            "marriages",
            "births",
            "deaths",
            "social_security",
            "overseas",
            "criminal",
            "faces",
            "officers",
        ] {
            out.push_str(&format!("DELETE FROM {table};\n"));
        }
        let mut table = |name: &str, columns: &str, rows: Vec<Vec<String>>| {
            for chunk in rows.chunks(200) {
                out.push_str(&format!("INSERT INTO {name} ({columns}) VALUES\n"));
                let values: Vec<String> = chunk.iter().map(|r| format!("({})", r.join(","))).collect();
                out.push_str(&values.join(",\n"));
                out.push_str(";\n");
            }
        };
        let t = |s: &String| sql_text(s);
        let n = |v: u32| v.to_string();
        table(
            "residents",
            "id_number,name,sex,birth_date,status,hukou_region,household_id,relation,marital_status,ethnicity,education",
            self.residents
                .iter()
                .map(|r| {
                    [
                        &r.id_number,
                        &r.name,
                        &r.sex,
                        &r.birth_date,
                        &r.status,
                        &r.hukou_region,
                        &r.household_id,
                        &r.relation,
                        &r.marital_status,
                        &r.ethnicity,
                        &r.education,
                    ]
                    .map(t)
                    .to_vec()
                })
                .collect(),
        );
        table(
            "households",
            "id,address,city,kind,head_id",
            self.households.iter().map(|h| [&h.id, &h.address, &h.city, &h.kind, &h.head_id].map(t).to_vec()).collect(),
        );
        table(
            "properties",
            "certificate,owner_id,city,address,area_m2,residential,registered_on",
            self.properties
                .iter()
                .map(|p| {
                    vec![
                        t(&p.certificate),
                        t(&p.owner_id),
                        t(&p.city),
                        t(&p.address),
                        n(p.area_m2),
                        n(p.residential),
                        t(&p.registered_on),
                    ]
                })
                .collect(),
        );
        table(
            "marriages",
            "a_id,b_id,registered_on",
            self.marriages.iter().map(|m| [&m.a_id, &m.b_id, &m.registered_on].map(t).to_vec()).collect(),
        );
        table(
            "births",
            "parent_a,parent_b,child_id,child_name,born_on,registered",
            self.births
                .iter()
                .map(|b| {
                    vec![
                        t(&b.parent_a),
                        t(&b.parent_b),
                        t(&b.child_id),
                        t(&b.child_name),
                        t(&b.born_on),
                        n(b.registered),
                    ]
                })
                .collect(),
        );
        table(
            "deaths",
            "id_number,died_on,source",
            self.deaths.iter().map(|x| [&x.id_number, &x.died_on, &x.source].map(t).to_vec()).collect(),
        );
        table(
            "social_security",
            "id_number,city,months,employer",
            self.social_security
                .iter()
                .map(|s| vec![t(&s.id_number), t(&s.city), n(s.months), t(&s.employer)])
                .collect(),
        );
        table(
            "overseas",
            "id_number,country,settled_abroad,returned_on",
            self.overseas
                .iter()
                .map(|o| vec![t(&o.id_number), t(&o.country), n(o.settled_abroad), t(&o.returned_on)])
                .collect(),
        );
        table(
            "criminal",
            "id_number,offence,sentenced_on,sentence_ended_on",
            self.criminal
                .iter()
                .map(|c| [&c.id_number, &c.offence, &c.sentenced_on, &c.sentence_ended_on].map(t).to_vec())
                .collect(),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::MemoryRegistry;

    #[test]
    fn deterministic_large_and_consistent() {
        let a = demo_registry();
        assert_eq!(a, demo_registry(), "same seed, same data");
        assert!(a.residents.len() >= 10_000, "{} residents", a.residents.len());
        for r in &a.residents {
            assert!(IdNumber::parse(&r.id_number).is_ok(), "{}", r.id_number);
        }
        let mut ids: Vec<&str> = a.residents.iter().map(|r| r.id_number.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), a.residents.len(), "identity numbers are unique");
        for kind in [
            a.properties.len(),
            a.marriages.len(),
            a.births.len(),
            a.deaths.len(),
            a.social_security.len(),
            a.overseas.len(),
            a.criminal.len(),
        ] {
            assert!(kind > 0);
        }
        let reg = MemoryRegistry::new(a);
        for demo in DEMO_RESIDENTS {
            assert!(IdNumber::parse(demo.id_number).is_ok(), "{}", demo.id_number);
            assert_eq!(reg.resident(demo.id_number).map(|r| r.name.as_str()), Some(demo.name));
        }
    }

    #[test]
    fn sql_quotes_text() {
        let d = generate(1, 3);
        let sql = d.to_sql();
        assert!(sql.contains("INSERT INTO residents"));
        assert_eq!(sql_text("it's"), "'it''s'");
    }
}
