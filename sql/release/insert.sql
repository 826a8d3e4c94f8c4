-- One new version (release.Stage). Lists come as JSON text.
INSERT INTO publication (product, period, version, status, disclosure, built_at, staged_at,
    released_at, published_at, deadline_rule, deadline, calendar_fallback, dir, figures_sha256,
    manifest_sha256, standards, input_files, errata_base)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS DATE), ?, ?, ?, ?,
    json_transform(CAST(? AS JSON), '["VARCHAR"]'),
    json_transform(CAST(? AS JSON), '["BIGINT"]'),
    ?);
