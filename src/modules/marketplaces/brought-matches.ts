/**
 * The matches that count between two registered participants of a marketplace: between the needs
 * and offers each organisation named in its registration or, when it named none, all of its
 * published ones; pairs either side dismissed are left out. The one rule behind a meeting wish's
 * match score and the suggestion lists (`talk to these`), as a SELECT to embed: `${marketplace}`
 * is the placeholder of the marketplace id (e.g. `$1`). Columns: id, need_id, offer_id,
 * need_organisation_id, offer_organisation_id, score, breakdown. (The needs and offers are joined
 * by their organisation too, so that a filter on one side's organisation can start from that
 * organisation's needs or offers instead of scanning the matches.)
 */
export const broughtMatchesSql = (marketplace: string): string => `
  SELECT x.id, x.need_id, x.offer_id, x.need_organisation_id, x.offer_organisation_id, x.score, x.breakdown
    FROM matches x
    JOIN marketplace_registrations rn ON rn.marketplace_id = ${marketplace} AND rn.organisation_id = x.need_organisation_id AND rn.status = 'registered'
    JOIN marketplace_registrations rc ON rc.marketplace_id = ${marketplace} AND rc.organisation_id = x.offer_organisation_id AND rc.status = 'registered'
    JOIN needs bn ON bn.id = x.need_id AND bn.organisation_id = x.need_organisation_id
    JOIN offers bf ON bf.id = x.offer_id AND bf.organisation_id = x.offer_organisation_id
    LEFT JOIN match_reactions xr ON xr.need_id = x.need_id AND xr.offer_id = x.offer_id
   WHERE (x.need_id = ANY(rn.need_ids) OR (cardinality(rn.need_ids) = 0 AND bn.status = 'published'))
     AND (x.offer_id = ANY(rc.offer_ids) OR (cardinality(rc.offer_ids) = 0 AND bf.status = 'published'))
     AND xr.need_side IS DISTINCT FROM 'dismissed' AND xr.offer_side IS DISTINCT FROM 'dismissed'`;
