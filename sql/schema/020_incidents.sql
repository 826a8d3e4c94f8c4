-- 突发环境事件 (environmental emergencies): the incident register, the
-- grading standard as data, and the published (de-identified) records.
-- Written by ingest (incident, incident_superseded) and transform/incident
-- (everything else). TIMESTAMPs are China Standard Time wall clock
-- (see 001_core.sql).
--
-- Levels are integers: 1 = 特别重大 (Ⅰ级), 2 = 重大 (Ⅱ级), 3 = 较大 (Ⅲ级),
-- 4 = 一般 (Ⅳ级); a smaller number is more severe.

-- Current version of each incident, one row per incident_id. A later file
-- with the same incident_id moves the old row to incident_superseded.
CREATE TABLE IF NOT EXISTS incident (
    incident_id        VARCHAR PRIMARY KEY,
    occurred_at        TIMESTAMP NOT NULL,
    reported_at        TIMESTAMP,
    county             VARCHAR NOT NULL,      -- 区县 (region of the quarterly statistics)
    location           VARCHAR,               -- free text, may hold personal data
    type               VARCHAR NOT NULL,      -- e.g. 水污染, 大气污染, 危化品泄漏, 尾矿库, 油品泄漏, 饮用水源, 火灾次生, 死鱼, 其他
    level_given        INTEGER CHECK (level_given BETWEEN 1 AND 4),  -- level determined by the authority, NULL = none given
    deaths             INTEGER CHECK (deaths >= 0),
    injured            INTEGER CHECK (injured >= 0),     -- poisoned or seriously injured (中毒或重伤)
    evacuated          INTEGER CHECK (evacuated >= 0),   -- evacuated or relocated (疏散、转移)
    economic_loss_cny  DOUBLE CHECK (economic_loss_cny >= 0),  -- direct economic loss, CNY
    water_interruption VARCHAR NOT NULL DEFAULT 'none'
        CHECK (water_interruption IN ('none', 'township', 'county', 'city')),
        -- centralised drinking-water intake interrupted: township = 乡镇, county = 县级城市,
        -- city = 设区的市级以上城市
    cross_boundary     VARCHAR NOT NULL DEFAULT 'none'
        CHECK (cross_boundary IN ('none', 'county', 'prefecture', 'province', 'international')),
        -- widest administrative boundary crossed by the impact
    cause              VARCHAR,
    measures           VARCHAR,
    status             VARCHAR NOT NULL DEFAULT 'open',  -- open, responding, closed
    closed_at          TIMESTAMP,
    description        VARCHAR,
    file_id            BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS incident_superseded (
    incident_id        VARCHAR NOT NULL,
    occurred_at        TIMESTAMP NOT NULL,
    reported_at        TIMESTAMP,
    county             VARCHAR NOT NULL,
    location           VARCHAR,
    type               VARCHAR NOT NULL,
    level_given        INTEGER,
    deaths             INTEGER,
    injured            INTEGER,
    evacuated          INTEGER,
    economic_loss_cny  DOUBLE,
    water_interruption VARCHAR NOT NULL,
    cross_boundary     VARCHAR NOT NULL,
    cause              VARCHAR,
    measures           VARCHAR,
    status             VARCHAR NOT NULL,
    closed_at          TIMESTAMP,
    description        VARCHAR,
    file_id            BIGINT NOT NULL,
    superseded_by      BIGINT NOT NULL
);

-- Grading criteria (sql/standards/incidents/levels.csv, loaded by
-- transform/incident on every run). Numeric criteria: min_value <= x <
-- below_value (NULL = open). Category criteria: x = category.
CREATE TABLE IF NOT EXISTS incident_std_level (
    version        VARCHAR NOT NULL,
    effective_from DATE NOT NULL,
    effective_to   DATE,              -- exclusive, NULL = in force
    criterion      VARCHAR NOT NULL,  -- deaths, injured, evacuated, economic_loss_cny, water_interruption, cross_boundary
    level          INTEGER NOT NULL,
    min_value      DOUBLE,
    below_value    DOUBLE,
    category       VARCHAR,
    wording        VARCHAR,
    source         VARCHAR
);

CREATE TABLE IF NOT EXISTS incident_std_level_name (
    level  INTEGER PRIMARY KEY,
    roman  VARCHAR NOT NULL,   -- Ⅰ级
    name   VARCHAR NOT NULL    -- 特别重大
);

-- Derived level per incident (SQL model models/incidents/level.sql).
CREATE TABLE IF NOT EXISTS incident_level (
    incident_id   VARCHAR PRIMARY KEY,
    std_version   VARCHAR,          -- NULL = no grading table in force at occurred_at
    level_derived INTEGER,          -- most severe level any criterion meets (4 when none)
    criteria      VARCHAR           -- the criteria that gave level_derived, e.g. 'deaths=3'
);

-- Redacted text fields, written in batches by transform/incident with the
-- DuckDB appender and moved into incident_public by the model (staging:
-- emptied at the start and end of every run).
CREATE TABLE IF NOT EXISTS incident_redacted (
    incident_id     VARCHAR NOT NULL,
    file_id         BIGINT NOT NULL,
    location        VARCHAR,
    description     VARCHAR,
    cause           VARCHAR,
    measures        VARCHAR,
    redaction_count INTEGER NOT NULL,
    redact_version  VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS incident_redaction_staged (
    incident_id VARCHAR NOT NULL,
    field       VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    count       INTEGER NOT NULL
);

-- Number of redactions per incident, field and kind (never the removed text).
CREATE TABLE IF NOT EXISTS incident_redaction (
    incident_id VARCHAR NOT NULL,
    field       VARCHAR NOT NULL,   -- location, description, cause, measures
    kind        VARCHAR NOT NULL,   -- person_name, phone, id_card, bank_card, number, plate, email, address
    count       INTEGER NOT NULL
);

-- The published record.
CREATE TABLE IF NOT EXISTS incident_public (
    incident_id        VARCHAR PRIMARY KEY,
    occurred_at        TIMESTAMP NOT NULL,
    reported_at        TIMESTAMP,
    county             VARCHAR NOT NULL,
    location           VARCHAR,            -- redacted
    type               VARCHAR NOT NULL,
    level              INTEGER,            -- published level: level_given if any, else level_derived
    level_roman        VARCHAR,            -- Ⅳ级
    level_name         VARCHAR,            -- 一般
    level_source       VARCHAR,            -- given, derived (NULL when no level at all)
    level_given        INTEGER,
    level_derived      INTEGER,
    std_version        VARCHAR,
    level_conflict     BOOLEAN NOT NULL,   -- the given level contradicts the numbers
    level_note         VARCHAR,            -- explanation of a conflict
    deaths             INTEGER,
    injured            INTEGER,
    evacuated          INTEGER,
    economic_loss_cny  DOUBLE,
    water_interruption VARCHAR NOT NULL,
    cross_boundary     VARCHAR NOT NULL,
    cause              VARCHAR,            -- redacted
    measures           VARCHAR,            -- redacted
    status             VARCHAR NOT NULL,
    closed_at          TIMESTAMP,
    description        VARCHAR,            -- redacted
    redaction_count    INTEGER NOT NULL,
    redact_version     VARCHAR NOT NULL,
    publish_due_at     TIMESTAMP NOT NULL, -- occurred_at + the configured publication deadline
    published_at       TIMESTAMP,          -- first publication (incident_publication), NULL = not yet
    on_time            BOOLEAN,            -- published_at <= publish_due_at; false when overdue and unpublished; NULL = pending
    file_id            BIGINT NOT NULL,
    computed_at        TIMESTAMP NOT NULL
);

-- Publications of an incident record (written by the publishing step);
-- the first one counts for timeliness.
CREATE TABLE IF NOT EXISTS incident_publication (
    incident_id  VARCHAR NOT NULL,
    published_at TIMESTAMP NOT NULL,
    channel      VARCHAR NOT NULL DEFAULT 'portal'
);

-- Quarterly counts per county, published level and type.
CREATE TABLE IF NOT EXISTS incident_quarter (
    quarter DATE NOT NULL,      -- first day of the quarter (of occurred_at)
    region  VARCHAR NOT NULL,   -- county
    level   INTEGER,            -- published level (NULL = none)
    type    VARCHAR NOT NULL,
    count   INTEGER NOT NULL
);
