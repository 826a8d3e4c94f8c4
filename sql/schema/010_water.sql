-- Surface water: site registry, samples, the standards tables (loaded from
-- standards/water/*.csv by transform/water) and the results of the water
-- transform (models/water/*.sql). See docs/WATER-NOTES.md.
--
-- TIME CONVENTION: as in 001_core.sql, every TIMESTAMP is China Standard
-- Time wall clock. A sample is labelled with the time it was taken (manual
-- network) or with the end of its measuring cycle (automatic stations,
-- usually every 4 h). A month is identified by its first day (DATE).
--
-- Classes are stored as INTEGER 1..6 where 6 = 劣Ⅴ (worse than class Ⅴ);
-- the labels Ⅰ…劣Ⅴ and status words come from standards/water/water_class_label.csv.

-- Site (断面/点位) registry, versioned like `station`: a change closes the
-- current row (valid_to) and opens a new one.
CREATE TABLE IF NOT EXISTS water_site (
    site_code          VARCHAR NOT NULL,
    name               VARCHAR NOT NULL,
    province           VARCHAR,
    city               VARCHAR,
    county             VARCHAR,
    basin              VARCHAR,            -- 流域, e.g. 长江流域
    river              VARCHAR,            -- river / lake / reservoir name, optional
    water_body         VARCHAR,            -- river | lake (lakes and reservoirs); NULL = unknown (evaluated as river)
    is_drinking_source BOOLEAN NOT NULL DEFAULT false, -- 集中式生活饮用水水源地
    drinking_level     VARCHAR,            -- city | county | township (NULL unless a drinking source)
    is_assessed        BOOLEAN NOT NULL DEFAULT true,  -- counts in region statistics (评价/考核断面)
    target_class       INTEGER,            -- 水质目标 1..5, NULL = none (exceedances then vs class Ⅲ)
    network            VARCHAR NOT NULL DEFAULT 'manual', -- auto | manual: selects the evaluated items
    lon                DOUBLE,
    lat                DOUBLE,
    valid_from         TIMESTAMP NOT NULL,
    valid_to           TIMESTAMP,          -- NULL = current version
    file_id            BIGINT NOT NULL
);

-- Measured values in canonical parameter codes and units (see
-- standards/water/water_parameter.csv, water_unit.csv). One row per
-- site, time and parameter. below_dl = reported as not detected ("ND",
-- "<DL", "0.01L"); value is then NULL or the detection limit.
CREATE TABLE IF NOT EXISTS water_sample (
    site_code       VARCHAR NOT NULL,
    sampled_at      TIMESTAMP NOT NULL,
    parameter       VARCHAR NOT NULL,
    value           DOUBLE,
    below_dl        BOOLEAN NOT NULL DEFAULT false,
    detection_limit DOUBLE,
    unit            VARCHAR NOT NULL,
    file_id         BIGINT NOT NULL
);

-- Values replaced by a later file for the same site, time and parameter.
CREATE TABLE IF NOT EXISTS water_sample_superseded (
    site_code       VARCHAR NOT NULL,
    sampled_at      TIMESTAMP NOT NULL,
    parameter       VARCHAR NOT NULL,
    value           DOUBLE,
    below_dl        BOOLEAN NOT NULL DEFAULT false,
    detection_limit DOUBLE,
    unit            VARCHAR NOT NULL,
    file_id         BIGINT NOT NULL,
    superseded_by   BIGINT NOT NULL
);

-- The class the source published for a sample (e.g. CNEMC 水质类别), kept
-- to be compared with ours. One row per site and time.
CREATE TABLE IF NOT EXISTS water_sample_reported (
    site_code      VARCHAR NOT NULL,
    sampled_at     TIMESTAMP NOT NULL,
    reported_class INTEGER,               -- 1..6, NULL = source said "not evaluated"
    file_id        BIGINT NOT NULL
);

-- ---------------------------------------------------------------------
-- Standards tables: replaced wholesale from standards/water/*.csv at the
-- start of every water transform run (the CSV files are the source).

CREATE TABLE IF NOT EXISTS water_std_version (
    std_version    VARCHAR NOT NULL,      -- GB3838-2002
    effective_from DATE NOT NULL,
    effective_to   DATE,                  -- exclusive; NULL = still in force
    title          VARCHAR
);

CREATE TABLE IF NOT EXISTS water_std_parameter (
    parameter VARCHAR NOT NULL,           -- canonical code
    name_zh   VARCHAR NOT NULL,
    name_en   VARCHAR NOT NULL,
    unit      VARCHAR NOT NULL,           -- canonical unit
    decimals  INTEGER NOT NULL,           -- reporting decimals: values are compared with limits after rounding to these
    gb3838_table INTEGER                  -- 1 = Table 1, 2 = Table 2 (drinking sources), NULL = not in GB 3838
);

CREATE TABLE IF NOT EXISTS water_std_alias (
    alias     VARCHAR NOT NULL,           -- as found in source headers (compared after normalisation)
    parameter VARCHAR NOT NULL,
    unit      VARCHAR                     -- unit implied by the alias itself, e.g. 氨氮(mg/L)
);

CREATE TABLE IF NOT EXISTS water_std_unit (
    unit_alias     VARCHAR NOT NULL,
    canonical_unit VARCHAR NOT NULL,
    factor         DOUBLE NOT NULL        -- canonical value = value * factor
);

CREATE TABLE IF NOT EXISTS water_std_class_limit (
    std_version VARCHAR NOT NULL,
    parameter   VARCHAR NOT NULL,
    water_body  VARCHAR NOT NULL,         -- any | river | lake
    class       INTEGER NOT NULL,         -- 1..5
    direction   VARCHAR NOT NULL,         -- max (value <= hi) | min (value >= lo) | range (lo <= value <= hi)
    lo          DOUBLE,
    hi          DOUBLE
);

CREATE TABLE IF NOT EXISTS water_std_drinking_limit (
    std_version VARCHAR NOT NULL,
    parameter   VARCHAR NOT NULL,
    direction   VARCHAR NOT NULL,
    lo          DOUBLE,
    hi          DOUBLE
);

CREATE TABLE IF NOT EXISTS water_std_eval_item (
    std_version VARCHAR NOT NULL,
    scheme      VARCHAR NOT NULL,         -- auto | manual (class items per network), cwqi (index items)
    parameter   VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS water_std_class_label (
    class  INTEGER NOT NULL,              -- 1..6
    label  VARCHAR NOT NULL,              -- Ⅰ … 劣Ⅴ
    status VARCHAR NOT NULL,              -- 优 / 良好 / 轻度污染 / 中度污染 / 重度污染
    color  VARCHAR NOT NULL
);

-- Status of a river / basin / region with >= min_sites sites, by shares
-- (percent) of sites in class Ⅰ–Ⅲ and 劣Ⅴ. A row applies when
-- good_min <= share_1_3 < good_max and bad_min <= share_bad < bad_max.
CREATE TABLE IF NOT EXISTS water_std_region_status (
    std_version VARCHAR NOT NULL,
    status      VARCHAR NOT NULL,
    good_min    DOUBLE NOT NULL,
    good_max    DOUBLE NOT NULL,
    bad_min     DOUBLE NOT NULL,
    bad_max     DOUBLE NOT NULL,
    min_sites   INTEGER NOT NULL
);

-- ---------------------------------------------------------------------
-- Results (written by transform/water).

-- Class of every sample (single-factor, worst item over the network's items).
CREATE TABLE IF NOT EXISTS water_sample_class (
    site_code      VARCHAR NOT NULL,
    sampled_at     TIMESTAMP NOT NULL,
    std_version    VARCHAR NOT NULL,
    water_body     VARCHAR NOT NULL,      -- as evaluated (unknown -> river)
    network        VARCHAR NOT NULL,
    n_items        INTEGER NOT NULL,      -- evaluated items present
    n_items_expected INTEGER NOT NULL,    -- items of the network
    class          INTEGER,               -- 1..6; NULL when no evaluated item is present
    class_label    VARCHAR,
    worst_items    VARCHAR,               -- parameters setting the class, e.g. 'tp,nh3n' (NULL when class <= 1)
    reported_class INTEGER                -- as published by the source, when it published one
);

-- Monthly detail per site and parameter (basis of water_site_month).
CREATE TABLE IF NOT EXISTS water_site_month_item (
    site_code   VARCHAR NOT NULL,
    month       DATE NOT NULL,
    std_version VARCHAR NOT NULL,
    parameter   VARCHAR NOT NULL,
    n           INTEGER NOT NULL,         -- samples
    n_below_dl  INTEGER NOT NULL,
    mean        DOUBLE,                   -- below-DL values count as DL/2
    all_below_dl BOOLEAN NOT NULL,        -- every sample below DL: item meets class Ⅰ
    item_class  INTEGER,                  -- NULL for items without class limits
    exceed_limit DOUBLE,                  -- limit of the target class (or Ⅲ) for this water body; Table 2 items: their limit
    exceeds     BOOLEAN,                  -- item worse than the target class (or Ⅲ) / above its Table 2 limit
    exceed_multiple DOUBLE,               -- (mean - limit) / limit when above; NULL otherwise and for pH, DO
    cwqi_item   DOUBLE                    -- item index (CWQI items only)
);

CREATE TABLE IF NOT EXISTS water_site_month (
    site_code   VARCHAR NOT NULL,
    month       DATE NOT NULL,
    std_version VARCHAR NOT NULL,
    province VARCHAR, city VARCHAR, county VARCHAR, basin VARCHAR,
    water_body  VARCHAR NOT NULL,
    network     VARCHAR NOT NULL,
    n_samples   INTEGER NOT NULL,         -- distinct sampling times
    -- monthly means of the common items (all items: water_site_month_item)
    ph DOUBLE, dissolved_oxygen DOUBLE, codmn DOUBLE, cod DOUBLE, bod5 DOUBLE, nh3n DOUBLE, tp DOUBLE, tn DOUBLE,
    class       INTEGER,                  -- 1..6 from the monthly means
    class_label VARCHAR,
    status      VARCHAR,                  -- 优 … 重度污染
    worst_items VARCHAR,
    exceed_basis INTEGER NOT NULL,        -- class the exceedances are measured against (target or 3)
    exceeding_items VARCHAR,              -- e.g. '总磷(0.52)、氨氮' (multiple not computed for pH, DO)
    meets_target BOOLEAN,                 -- class <= target_class (NULL without a target)
    is_assessed BOOLEAN NOT NULL,
    target_class INTEGER,
    is_drinking_source BOOLEAN NOT NULL,
    drinking_level VARCHAR,
    drinking_compliant BOOLEAN,           -- all items within Ⅲ and Table 2 limits (NULL when not a source)
    cwqi        DOUBLE,                   -- sum of item indices over the CWQI items present
    n_cwqi_items INTEGER NOT NULL,
    cwqi_rank   INTEGER,                  -- among valid sites of the month, smaller CWQI first
    cwqi_last_year DOUBLE,
    change_pct  DOUBLE,
    valid       BOOLEAN NOT NULL          -- every class item of the network has a value this month
);

CREATE TABLE IF NOT EXISTS water_region_month (
    region_level VARCHAR NOT NULL,        -- province | city | county | basin
    region       VARCHAR NOT NULL,
    province     VARCHAR,                 -- parent province for city / county (names repeat across provinces)
    month        DATE NOT NULL,
    std_version  VARCHAR NOT NULL,
    n_sites      INTEGER NOT NULL,        -- assessed sites with a valid month
    n_class_1_3  INTEGER NOT NULL,
    n_class_4_5  INTEGER NOT NULL,
    n_class_6    INTEGER NOT NULL,
    share_1_3    DOUBLE,                  -- percent
    share_4_5    DOUBLE,
    share_6      DOUBLE,
    method       VARCHAR,                 -- shares (>= 5 sites) | mean (< 5 sites: class of the mean concentrations)
    class        INTEGER,                 -- only for method = mean
    status       VARCHAR,
    n_drinking   INTEGER NOT NULL,
    n_drinking_compliant INTEGER NOT NULL,
    drinking_share DOUBLE,                -- percent, NULL without drinking sources
    n_river      INTEGER NOT NULL,
    n_lake       INTEGER NOT NULL,
    cwqi_river   DOUBLE,
    cwqi_lake    DOUBLE,
    cwqi         DOUBLE,                  -- (river * M + lake * N) / (M + N)
    cwqi_rank    INTEGER,
    cwqi_last_year DOUBLE,
    change_pct   DOUBLE
);
