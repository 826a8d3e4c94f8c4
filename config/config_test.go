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
		c.Schedules != d.Schedules || c.Push != d.Push || strings.Join(c.Publish.Hook, ",") != strings.Join(d.Publish.Hook, ",") {
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

func TestProductsExampleAndDefaults(t *testing.T) {
	c, err := Load(filepath.Join("..", "envdisclose.example.toml"))
	if err != nil {
		t.Fatal(err)
	}
	d := Default()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(c.Products) != 3 || len(d.Products) != 3 {
		t.Fatalf("products: example %+v, default %+v", c.Products, d.Products)
	}
	for i := range d.Products {
		if c.Products[i] != d.Products[i] {
			t.Errorf("product %d: example %+v, default %+v", i, c.Products[i], d.Products[i])
		}
	}
	if c.Deadlines != d.Deadlines || c.Bureau != d.Bureau {
		t.Errorf("deadlines/bureau: example %+v %q, default %+v %q", c.Deadlines, c.Bureau, d.Deadlines, d.Bureau)
	}
	if p, ok := d.Product("water-monthly"); !ok || !p.Review || p.Deadline != "10 working days" {
		t.Errorf("water-monthly default %+v", p)
	}
}

func TestProductsOverrideAndFill(t *testing.T) {
	c, err := Load(write(t, "bureau = \"某市生态环境局\"\n[[products]]\nname = \"quarterly\"\ndisclosure = \"不予公开\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Bureau != "某市生态环境局" || len(c.Products) != 3 {
		t.Fatalf("%q %+v", c.Bureau, c.Products)
	}
	q, _ := c.Product("quarterly")
	if q.Disclosure != DisclosureWithheld || q.Review || q.Deadline != "" {
		t.Errorf("listed quarterly: %+v", q)
	}
	if a, _ := c.Product("air-monthly"); a != DefaultProducts()[0] {
		t.Errorf("unlisted air-monthly not defaulted: %+v", a)
	}
}

func TestProductErrors(t *testing.T) {
	for body, want := range map[string]string{
		"[[products]]\nname = \"daily\"":                                         "unknown product",
		"[[products]]\nname = \"quarterly\"\ndisclosure = \"公开\"":                "disclosure \"公开\"",
		"[[products]]\nname = \"quarterly\"\ndeadline = \"by the 10th\"":         "want \"N working days\"",
		"[[products]]\nname = \"quarterly\"\ndeadline = \"0 days\"":              "at least 1",
		"[[products]]\nname = \"quarterly\"\n[[products]]\nname = \"quarterly\"": "duplicate product",
		"[deadlines]\nwarn_days = -1":                                            "warn_days",
	} {
		_, err := Load(write(t, body))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to mention %q", body, err, want)
		}
	}
}

func TestParseDeadline(t *testing.T) {
	for in, want := range map[string]DeadlineRule{
		"10 working days":   {10, true},
		"1 working day":     {1, true},
		"20 days":           {20, false},
		" 5  Working Days ": {5, true},
	} {
		r, ok, err := ParseDeadline(in)
		if err != nil || !ok || r != want {
			t.Errorf("%q: %+v %v %v, want %+v", in, r, ok, err, want)
		}
	}
	if _, ok, err := ParseDeadline(""); ok || err != nil {
		t.Errorf("empty rule: ok=%v err=%v", ok, err)
	}
}
