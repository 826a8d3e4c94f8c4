-- The publication ledger of the periodic products (release/): one row per
-- version of a product for a period, its files and its errata (勘误).
-- Times are CST wall clock. A version's files live in dir
-- (DATA/releases/<product>/<period>/v<N>/) with MANIFEST.sha256.
CREATE TABLE IF NOT EXISTS publication (
    product         VARCHAR NOT NULL,   -- report.AirMonthly, WaterMonthly, Quarterly
    period          VARCHAR NOT NULL,   -- 2026-10, 2026Q3
    version         INTEGER NOT NULL,   -- 1, 2, ... per product-period
    status          VARCHAR NOT NULL,   -- draft | public | internal | superseded (release.Draft ...)
    disclosure      VARCHAR NOT NULL,   -- 主动公开 | 依申请公开 | 不予公开
    built_at        TIMESTAMP NOT NULL, -- when the figures were read (Document.BuiltAt)
    staged_at       TIMESTAMP NOT NULL, -- when this version was written
    released_at     TIMESTAMP,          -- when it became final (public or internal); NULL while a draft
    published_at    TIMESTAMP,          -- when it went public on the portal; NULL unless public
    approved_by     VARCHAR,            -- who approved it (reviewed products)
    approved_at     TIMESTAMP,
    deadline_rule   VARCHAR,            -- "10 working days" ... (config), NULL = none
    deadline        DATE,               -- last day allowed for the first release, NULL = none
    calendar_fallback BOOLEAN NOT NULL DEFAULT false, -- the deadline counted Mon-Fri outside the calendar's years
    dir             VARCHAR NOT NULL,   -- absolute path of the version's files
    figures_sha256  VARCHAR NOT NULL,   -- sha256 of the canonical document JSON without built_at
    manifest_sha256 VARCHAR NOT NULL,   -- sha256 of MANIFEST.sha256
    standards       VARCHAR[],          -- standard versions used (Document.Meta.Standards)
    input_files     BIGINT[],           -- file_ledger ids of the inputs (Document.Meta.InputFiles)
    errata_base     INTEGER,            -- the released version the errata compare against, NULL = none
    PRIMARY KEY (product, period, version)
);

CREATE TABLE IF NOT EXISTS publication_file (
    product VARCHAR NOT NULL,
    period  VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    seq     INTEGER NOT NULL,           -- manifest order
    name    VARCHAR NOT NULL,           -- relative to the version dir
    size    BIGINT NOT NULL,
    sha256  VARCHAR NOT NULL,
    PRIMARY KEY (product, period, version, name)
);

CREATE TABLE IF NOT EXISTS erratum (
    product    VARCHAR NOT NULL,
    period     VARCHAR NOT NULL,
    version    INTEGER NOT NULL,        -- the correcting version
    seq        INTEGER NOT NULL,        -- document order
    table_id   VARCHAR NOT NULL,        -- report.Table.ID
    row_key    VARCHAR NOT NULL,        -- key values joined with " / "
    column_key VARCHAR NOT NULL,        -- report.Column.Key; "" for a whole row added or removed
    label      VARCHAR NOT NULL,        -- Chinese "<table> · <row> · <column>"
    old_value  VARCHAR NOT NULL,        -- formatted, "—" when missing
    new_value  VARCHAR NOT NULL,
    PRIMARY KEY (product, period, version, seq)
);
