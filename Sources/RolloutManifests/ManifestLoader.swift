/// Manifest loading: YAML documents to engine values (placeholder).
import RolloutEngine
import Yams
