package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "c.toml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExampleEqualsDefaults(t *testing.T) {
	c, err := Load(filepath.Join("..", "envdisclose.example.toml"))
	if err != nil {
		t.Fatal(err)
	}
	d := Default()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.DataDir != d.DataDir || c.Listen != d.Listen || c.RegionLevel != d.RegionLevel ||
		c.Schedules != d.Schedules || c.Push != d.Push || strings.Join(c.Publish.Auto, ",") != strings.Join(d.Publish.Auto, ",") {
		t.Fatalf("the example file and Default() disagree:\n%+v\n%+v", c, d)
	}
	if c.Location().String() != "Asia/Shanghai" {
		t.Fatalf("location %s", c.Location())
	}
}

func TestEmptyFileIsValid(t *testing.T) {
	if _, err := Load(write(t, "")); err != nil {
		t.Fatal(err)
	}
}

func TestErrorsNameTheKey(t *testing.T) {
	for body, want := range map[string]string{
		`region_level = "village"`:                           "region_level",
		`time_zone = "Mars/Olympus"`:                         "time_zone",
		`typo_key = 1`:                                       "unknown keys: typo_key",
		"[[sources]]\nname = \"a\"\nkind = \"ftp\"":          "kind \"ftp\"",
		"[[sources]]\nname = \"a\"\nkind = \"http\"":         "url must start",
		"[[sources]]\nname = \"A b\"\nkind = \"folder\"":     "name must be",
		"[[stations]]\ncode = \"1001A\"\ntoken_sha256=\"x\"": "token_sha256",
		"[[sources]]\nname=\"a\"\nkind=\"http\"\nurl=\"https://x/{yyyymmdd}\"\ntimeout=\"soon\"": "duration",
	} {
		_, err := Load(write(t, body))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to mention %q", body, err, want)
		}
	}
}

func TestSourceDefaults(t *testing.T) {
	c, err := Load(write(t, "[[sources]]\nname=\"drop\"\nkind=\"folder\"\npath=\"/srv/drop\""))
	if err != nil {
		t.Fatal(err)
	}
	s := c.Sources[0]
	if s.Schedule != "*/10 * * * *" || s.Timeout.Seconds() != 30 || s.Retries != 3 {
		t.Fatalf("defaults not applied: %+v", s)
	}
}
