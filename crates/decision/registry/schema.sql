-- The registry of the local demo deployment (D1 / SQLite). One table per source system.
CREATE TABLE IF NOT EXISTS residents (
  id_number TEXT PRIMARY KEY, name TEXT NOT NULL, sex TEXT NOT NULL, birth_date TEXT NOT NULL,
  status TEXT NOT NULL, hukou_region TEXT NOT NULL, household_id TEXT NOT NULL, relation TEXT NOT NULL,
  marital_status TEXT NOT NULL, ethnicity TEXT NOT NULL, education TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS residents_household ON residents(household_id);
CREATE TABLE IF NOT EXISTS households (
  id TEXT PRIMARY KEY, address TEXT NOT NULL, city TEXT NOT NULL, kind TEXT NOT NULL, head_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS properties (
  certificate TEXT PRIMARY KEY, owner_id TEXT NOT NULL, city TEXT NOT NULL, address TEXT NOT NULL,
  area_m2 INTEGER NOT NULL, residential INTEGER NOT NULL, registered_on TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS properties_owner ON properties(owner_id);
CREATE TABLE IF NOT EXISTS marriages (a_id TEXT NOT NULL, b_id TEXT NOT NULL, registered_on TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS marriages_a ON marriages(a_id);
CREATE INDEX IF NOT EXISTS marriages_b ON marriages(b_id);
CREATE TABLE IF NOT EXISTS births (
  parent_a TEXT NOT NULL, parent_b TEXT NOT NULL, child_id TEXT NOT NULL, child_name TEXT NOT NULL,
  born_on TEXT NOT NULL, registered INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS births_a ON births(parent_a);
CREATE INDEX IF NOT EXISTS births_b ON births(parent_b);
CREATE TABLE IF NOT EXISTS deaths (id_number TEXT PRIMARY KEY, died_on TEXT NOT NULL, source TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS social_security (id_number TEXT PRIMARY KEY, city TEXT NOT NULL, months INTEGER NOT NULL, employer TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS overseas (id_number TEXT PRIMARY KEY, country TEXT NOT NULL, settled_abroad INTEGER NOT NULL, returned_on TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS criminal (id_number TEXT NOT NULL, offence TEXT NOT NULL, sentenced_on TEXT NOT NULL, sentence_ended_on TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS criminal_id ON criminal(id_number);
-- Registry photos: the face embedding of the photo on file, for the server-side face match.
CREATE TABLE IF NOT EXISTS faces (id_number TEXT PRIMARY KEY, embedding TEXT NOT NULL);
-- The case index (the cases themselves live in one Durable Object each).
CREATE TABLE IF NOT EXISTS cases (
  case_id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, session_id TEXT NOT NULL,
  service TEXT NOT NULL, applicant_masked TEXT NOT NULL, status TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_status ON cases(status);
-- Reviewing officers of the local deployment (Argon2 password hashes).
CREATE TABLE IF NOT EXISTS officers (username TEXT PRIMARY KEY, display_name TEXT NOT NULL, password_hash TEXT NOT NULL);
-- Officers' session generation: signing out moves it on and ends every earlier session.
CREATE TABLE IF NOT EXISTS officer_sessions (username TEXT PRIMARY KEY, generation INTEGER NOT NULL);
-- Failed officer sign-ins (username or address digest), counted over the last minute.
CREATE TABLE IF NOT EXISTS sign_in_failures (subject TEXT NOT NULL, at_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sign_in_failures_subject ON sign_in_failures(subject, at_ms);
-- A consented pilot's readings (only where PILOT is on): the body as received, base64, kept
-- at most 90 days.
CREATE TABLE IF NOT EXISTS pilot_readings (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, received_at_ms INTEGER NOT NULL, outcome TEXT NOT NULL,
  case_id TEXT, label TEXT, body TEXT NOT NULL, expires_at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pilot_readings_expiry ON pilot_readings(expires_at_ms);
