// name: kinship_sample
// title: One DNA sample by its id
// description: The uid, kind and genotypes of a sample given by its sample id (and agency, when two agencies used the same id).
// mode: read
// shown: engine
// param: sample: string ; example: DNA0000001 ; the sample id as delivered
// param: agency: string = null ; example: DEMO ; the delivering agency (any when omitted)
MATCH (d:DNAProfile {sample_id: $sample})
WHERE $agency IS NULL OR d.agency = $agency
RETURN d.uid AS uid, d.sample_kind AS kind, d.genotypes AS genotypes, d.agency AS agency
