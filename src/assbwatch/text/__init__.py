"""Pure text stages: normalisation, fingerprints, figures, metric identity and the catalogue."""
