package redact

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTextCases(t *testing.T) {
	cases := []struct{ in, want string }{
		{"村民张建国称河水发黑。", "村民张某称河水发黑。"},
		{"村民张某某称河水发黑。", "村民张某某称河水发黑。"},
		{"法定代表人金鑫已被约谈；公司名称为宁夏金鑫化工有限公司。", "法定代表人金某已被约谈；公司名称为宁夏金鑫化工有限公司。"},
		{"市生态环境局局长王建军带队，企业负责人李志强称已停产。", "市生态环境局局长王建军带队，企业负责人李某称已停产。"},
		{"公司副总经理赵德明称已停产。", "公司副总经理赵某称已停产。"},
		{"村主任马玉海反映情况。", "村主任马某反映情况。"},
		{"押运员欧阳明华受伤。", "押运员欧阳某受伤。"},
		{"电话：138 0951 2345", "电话：[电话已隐去]"},
		{"手机+86-13995112345。", "手机[电话已隐去]。"},
		{"座机(0951)5012345", "座机[电话已隐去]"},
		{"联系电话：5012345", "联系电话：[电话已隐去]"},
		{"罚款13800000元，日期20240315。", "罚款13800000元，日期20240315。"},
		{"身份证号64010519850612301x。", "身份证号[身份证号已隐去]。"},
		{"车牌宁A·D12345。", "车牌宁A·******。"},
		{"罐车宁E1234挂侧翻", "罐车宁E·*****侧翻"},
		{"邮箱li.wei@163.com。", "邮箱[邮箱已隐去]。"},
		{"卡号6217001234567890122", "卡号[银行卡号已隐去]"},
		{"家住兴庆区解放东街128号3栋2单元502室", "家住兴庆区XX街XX号XX栋XX单元XX室"},
		{"企业位于宁东镇纬三路6号。", "企业位于宁东镇纬三路6号。"},
		{"通贵村3组15号", "通贵村XX组XX号"},
		{"黄河、贺兰县、金凤区未受影响", "黄河、贺兰县、金凤区未受影响"},
		{"", ""},
	}
	for _, c := range cases {
		got, _ := Text(c.in)
		if got != c.want {
			t.Errorf("Text(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestFindingsSpans(t *testing.T) {
	in := "村民张建国电话13812345678"
	out, fs := Text(in)
	if len(fs) != 2 {
		t.Fatalf("findings %v", fs)
	}
	if in[fs[0].Start:fs[0].End] != "张建国" || fs[0].Kind != PersonName || fs[0].Replacement != "张某" {
		t.Errorf("finding 0: %+v", fs[0])
	}
	if in[fs[1].Start:fs[1].End] != "13812345678" || fs[1].Kind != Phone {
		t.Errorf("finding 1: %+v", fs[1])
	}
	if out != "村民张某电话[电话已隐去]" {
		t.Errorf("out %q", out)
	}
	if c := Counts(fs); c[PersonName] != 1 || c[Phone] != 1 {
		t.Errorf("counts %v", c)
	}
}

func TestInvalidUTF8(t *testing.T) {
	out, _ := Text("村民\xff张建国\xfe电话138\xc012345678")
	if !utf8.ValidString(out) {
		t.Fatalf("invalid output %q", out)
	}
	if strings.Contains(out, "张建国") {
		t.Errorf("name survived: %q", out)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"", "村民张建国称", "电话138 1234 5678", "\xff\xfe", "宁A12345", "12345678901234567890", "＋86１３８"} {
		f.Add(s, s)
	}
	const phone = "13812345678"
	const id = "64010519850612301X"
	const idDigits = "64010519850612301"
	f.Fuzz(func(t *testing.T, a, b string) {
		in := a + phone + "，" + id + b
		out, fs := Text(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 output for %q", in)
		}
		if strings.Contains(out, phone) || strings.Contains(out, idDigits) {
			t.Fatalf("planted value survived: in %q out %q", in, out)
		}
		san := strings.ToValidUTF8(in, "\uFFFD")
		last := 0
		for _, x := range fs {
			if x.Start < last || x.End <= x.Start || x.End > len(san) {
				t.Fatalf("bad span %+v (len %d)", x, len(san))
			}
			last = x.End
		}
		// Plain random input must not panic either.
		_, _ = Text(a)
	})
}

func BenchmarkText(b *testing.B) {
	lines := generate(corpusSeed, 100, false)
	var total int
	for _, l := range lines {
		total += len(l.Text)
	}
	rd := New()
	b.SetBytes(int64(total))
	b.ResetTimer()
	for b.Loop() {
		for _, l := range lines {
			rd.Text(l.Text)
		}
	}
}
