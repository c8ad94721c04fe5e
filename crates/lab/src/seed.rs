//! The demo registry for D1: the synthetic data, the registry photos of the demo residents
//! (embedded with the real model, as the core will embed keyframes), and officer accounts.

use argon2::password_hash::PasswordHasher;

use wangban_decision::registry::SCHEMA;
use wangban_decision::synthetic::{DEMO_RESIDENTS, demo_registry};
use wangban_vision::FrameRef;

use crate::{faces, pipeline};

/// The seeded officers of the local deployment: (account, display name, password).
/// Documented in the README; production signs officers in through Cloudflare Access instead.
pub const OFFICERS: [(&str, &str, &str); 2] =
    [("officer01", "王警官", "wangban-review-01"), ("officer02", "陈警官", "wangban-review-02")];

pub fn registry_sql() -> Result<String, String> {
    let mut sql = String::from(SCHEMA);
    sql.push_str(&demo_registry().to_sql());
    let mut vision = pipeline::vision();
    let ids = faces::identities();
    for demo in DEMO_RESIDENTS {
        let Some(identity) = ids.iter().find(|i| i.name == demo.face) else { continue };
        let img = &identity.still;
        let frame = FrameRef::packed(img.width, img.height, &img.rgba).map_err(|e| e.to_string())?;
        let face =
            vision.analyze_still(&frame).map_err(|e| e.to_string())?.face.ok_or(format!("no face for {}", demo.key))?;
        let embedding = vision.embed(&frame, &face).map_err(|e| e.to_string())?;
        let json = serde_json::to_string(&embedding.0).map_err(|e| e.to_string())?;
        sql.push_str(&format!("INSERT INTO faces (id_number, embedding) VALUES ('{}', '{json}');\n", demo.id_number));
    }
    for (user, name, password) in OFFICERS {
        // A fixed salt per account keeps the seed SQL identical run after run (so a warm machine
        // skips reloading it); these are local demo accounts, documented in the README.
        let salt = format!("wangban-salt-{user}");
        let hash = argon2::Argon2::default()
            .hash_password_with_salt(password.as_bytes(), salt.as_bytes())
            .map_err(|e| e.to_string())?
            .to_string();
        sql.push_str(&format!(
            "INSERT INTO officers (username, display_name, password_hash) VALUES ('{user}', '{name}', '{hash}');\n"
        ));
    }
    Ok(sql)
}
