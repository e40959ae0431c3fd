package config

import "github.com/policysite/policysite/generator/model"

// registry is the built-in jurisdiction registry. site.yaml may rename an
// entry, change its laws or add codes of its own.
func registry() map[string]*model.Jurisdiction {
	entries := []model.Jurisdiction{
		{Code: "AU", Name: "Australia", Laws: []string{"Privacy Act 1988"}},
		{Code: "BR", Name: "Brazil", Laws: []string{"LGPD"}},
		{Code: "CA", Name: "Canada", Laws: []string{"PIPEDA"}},
		{Code: "CH", Name: "Switzerland", Laws: []string{"FADP"}},
		{Code: "CN", Name: "China", Laws: []string{"PIPL"}},
		{Code: "EEA", Name: "European Economic Area", Laws: []string{"GDPR"}},
		{Code: "GB", Name: "United Kingdom", Laws: []string{"UK GDPR", "Data Protection Act 2018"}},
		{Code: "IN", Name: "India", Laws: []string{"DPDP Act 2023"}},
		{Code: "JP", Name: "Japan", Laws: []string{"APPI"}},
		{Code: "KR", Name: "South Korea", Laws: []string{"PIPA"}},
		{Code: "SG", Name: "Singapore", Laws: []string{"PDPA"}},
		{Code: "US-CA", Name: "California", Laws: []string{"CCPA", "CPRA"}},
		{Code: "US-CO", Name: "Colorado", Laws: []string{"CPA"}},
		{Code: "US-CT", Name: "Connecticut", Laws: []string{"CTDPA"}},
		{Code: "US-NV", Name: "Nevada", Laws: []string{"NRS 603A"}},
		{Code: "US-TX", Name: "Texas", Laws: []string{"TDPSA"}},
		{Code: "US-VA", Name: "Virginia", Laws: []string{"VCDPA"}},
		{Code: "ZA", Name: "South Africa", Laws: []string{"POPIA"}},
	}
	m := make(map[string]*model.Jurisdiction, len(entries))
	for _, e := range entries {
		m[e.Code] = &e
	}
	return m
}
