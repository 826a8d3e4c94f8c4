-- polluters (LoadRoster): the Ningxia roster file as read (TEMP
-- roster_raw, every field as text). ? 1 = path of enterprise_roster.json.
CREATE OR REPLACE TEMP TABLE roster_raw AS
SELECT * FROM read_json(?, format = 'array', columns = {
    '序号': 'VARCHAR', '企业名称': 'VARCHAR', '市': 'VARCHAR', 'lng': 'VARCHAR', 'lat': 'VARCHAR',
    '气物': 'VARCHAR', '气标': 'VARCHAR', '水物': 'VARCHAR', '水标': 'VARCHAR',
    '许可证': 'VARCHAR', '代码': 'VARCHAR', '行业': 'VARCHAR'});
