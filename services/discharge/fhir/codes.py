"""The systems, codes and extension of the UK Core Encounter as Carebridge reads and writes it."""

from __future__ import annotations

NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
ODS_CODE = "https://fhir.nhs.uk/Id/ods-organization-code"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
UK_CORE_ENCOUNTER = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Encounter"
# Interweave (Yorkshire and Humber care record): status ready | notready | unknown, with the
# date the patient is predicted to be, and was actually, medically safe for discharge.
MEDICALLY_SAFE = (
    "https://fhir.yhcr.nhs.uk/StructureDefinition/Extension-Interweave-MedicallySafeForDischarge"
)
SAFE_STATUSES = ("ready", "notready", "unknown")

# Encounter.class (v3 ActCode) to care type: inpatient and emergency stays are acute; the
# non-acute inpatient code is a community bed. Other classes (outpatient...) are no stay.
CLASSES = {"IMP": "acute", "ACUTE": "acute", "EMER": "acute", "NONAC": "non_acute"}
CLASS_OF = {"acute": ("IMP", "inpatient encounter"), "non_acute": ("NONAC", "inpatient non-acute")}

# Encounter.status to what it does; "planned" is not an admission and records nothing.
STATUSES = ("planned", "in-progress", "finished", "cancelled")
