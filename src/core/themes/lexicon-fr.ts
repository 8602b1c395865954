/**
 * French terms the lexicon's topics lacked: the French counterparts of their English terms (municipal services,
 * shops, parks, farms, streets), so that a topic a resident names in French is found as often as in English. Same
 * conventions as `CONCEPTS` (accent-free, `word*` a prefix, phrases). A French word with a common other sense is only
 * taken in a phrase that fixes it ("fermes urbaines", not "fermes", which is also "firm" and "close"). Used with the
 * feature option `frenchTerms`.
 */
export const FRENCH_TERMS: Readonly<Record<string, string>> = {
  housing: `hypotheque*, pret* hypothecaire*, accession a la propriete, acces a la propriete, maison* de ville,
    logement* abordable*, proprietaire* occupant*`,
  homelessness: `itinerance, itinerant*, personne* en situation d'itinerance, sans domicile, sans-domicile`,
  transit: `abribus, arret* de bus, arret* d'autobus, transport* collectif*, ligne* d'autobus`,
  roads: `nid de poule, nids de poule, nid-de-poule, nids-de-poule, intersection*, exces de vitesse, feu rouge,
    feux rouges, feu* tricolore*, feux de circulation, voie rapide, voies rapides, contournement*, rocade*,
    navetteur*, trajet* domicile, deplacements domicile-travail, chantiers routiers, reseau routier`,
  parking: `parcmetre*, parcometre*, places de stationnement, stationnements, stationner`,
  'walking-cycling': `trottinette*, bicyclette*, voie* verte*, passage* pieton*, pistes de velo, sentier* pedestre*,
    marchabilite, marchable*`,
  'parks-recreation': `sentier*, terrain* de jeu*, patinoire*, jeux d'eau, skatepark*, planchodrome*, baignade,
    plein air, canopee, espace* ouvert*, centre* sportif*, parc* a chien*`,
  culture: `galerie*, murale*, fresque*, musicien*, musicienne*, artistique*, orchestre*, art public,
    divertissement*, salle* de spectacle*, salle* de concert*`,
  heritage: `batiment* historique*, quartier* historique*, centre* historique*, site* historique*,
    preservation du patrimoine, patrimoine bati, historique*`,
  'tourism-events': `defile*, feu* d'artifice*, feux d'artifice, attrait*, congres, centre* des congres,
    hotellerie, touristique*`,
  'shops-business': `epicerie*, brasserie*, microbrasserie*,
    vie nocturne, galerie* marchande*, achat local, acheter local,
    incubateur*, commerce* de proximite, commerces locaux, petits commerces`,
  jobs: `main d'oeuvre, main-d'oeuvre, recrut*, apprenti, apprentis, carriere*, metier*, offre* d'emploi*,
    conditions de travail, marche du travail, code du travail, droit du travail, temps de travail, travail au noir,
    travail non declare, accident* du travail, arret* de travail, valeur travail, lieu* de travail`,
  'world-trade': `europe, union europeenne, commission europeenne, marche unique, zone euro`,
  'children-families': `les jeunes, des jeunes, nos jeunes, aux jeunes, jeunes gens`,
  economy: `usine*, fabrication, manufacture*, investisseur*, developpement economique`,
  'social-assistance': `faible* revenu*, bas revenus, besoins de base, besoins essentiels, filet de securite`,
  safety: `policier*, policiere*, criminel*, criminelle*, delit, delits, agression*, securite publique`,
  equality: `equite, fauteuil* roulant*, personnes handicapees, lgbtq*`,
  immigration: `nouveaux arrivants, nouvel arrivant, nouvelles arrivantes, etudiants etrangers,
    etudiants internationaux`,
  health: `clinique*, sante mentale, obesite, bien-etre`,
  nature: `pollinisateur*, milieu* humide*, milieux naturels, faune et flore`,
  water: `lac, lacs, ruisseau*, eau potable, eaux usees, eaux pluviales, berge*`,
  'street-upkeep': `lampadaire*, signalisation, amenagement paysager, dechets sauvages, depotoir* clandestin*`,
  'urban-development': `zonage, revitalis*, vacant*, urbaniste*, promoteur* immobilier*, promoteurs, densification`,
  'farming-food': `fermier*, fermiere*, ferme urbaine, fermes urbaines, ferme agricole, fermes agricoles,
    exploitation* agricole*, marche* fermier*, marche* de producteurs,
    jardin* communautaire*, jardin* collectif*, potager*, verger*, betail, produits frais, desert* alimentaire*,
    bouffe, aliment, aliments, epicerie*`,
  technology: `technologie*, technologique*, couverture reseau, cellulaire*`,
  'community-life': `organisme* communautaire*, organisme* sans but lucratif, centre* communautaire*,
    partenariat*, lieu* de rassemblement, lieux de rencontre`,
  democracy: `maire, maires, mairesse, conseil municipal, conseillers municipaux, conseiller* municipa*,
    dirigeant*, elus municipaux`,
};

/**
 * French terms broader than the English terms of their topic, left out with `frenchTerms` (the phrases above keep
 * their narrow uses): "état" is the State as a whole (and "state, condition"), which the English side leaves to no
 * topic; "européen" is the scope of any policy ("une défense européenne"), where English names only the European
 * Union; "jeune" alone is the adjective "young" ("jeune entreprise"), where English says "young people"; "travail" is
 * any work ("un travail de fond"), where English names labour, jobs and employment.
 */
export const FRENCH_NARROWED: Readonly<Record<string, readonly string[]>> = {
  'public-finance': ['etat'],
  'world-trade': ['europe*'],
  'children-families': ['jeune'],
  jobs: ['travail'],
};

/** French expressions in which a topic word takes another sense ("à l'étranger" is abroad, not foreigners). */
export const FRENCH_IDIOMS = `a l'etranger, de l'etranger`;
