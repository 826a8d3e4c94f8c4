-- ingest: every water site code ever registered (any version).
SELECT DISTINCT site_code FROM water_site;
